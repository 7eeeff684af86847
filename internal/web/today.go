package web

import (
	"net/http"
	"sort"
)

// Task is one line of a person's start page: something that needs them
// today (a proposal to answer, a crisis whose clock runs, a night that
// deviated), with where to do it. Modules say what is waiting through the
// module contract's optional Today; the shell only shows it, so the start
// page is the work itself and not a row of tiles. A task names a person
// only where the module's own list page would, and the module records that
// read as its list page does.
type Task struct {
	// Label and LabelEN say what waits, whole sentences in Dutch and
	// English with the count in them ("2 voorstellen wachten op uw
	// antwoord"), so each language gets its own plural.
	Label, LabelEN string
	// Note and NoteEN add the fact that makes it urgent or not ("nog 3 u
	// 10 min tot de norm"); "" = none.
	Note, NoteEN string
	// Count is how many things the task stands for (0 for one named item);
	// the page orders by urgency and leaves the number in the label.
	Count int
	// Href is the page where the work is done.
	Href string
	// Urgent marks what cannot wait (a passed deadline, a crisis over its
	// norm); urgent tasks come first and carry a visible "Urgent" tag.
	Urgent bool
}

// In returns the task's label and note in the page's language.
func (t Task) In(lang string) (label, note string) {
	if lang == "en" {
		return t.LabelEN, t.NoteEN
	}
	return t.Label, t.Note
}

// TodayFunc lists what waits for the person making the request.
type TodayFunc func(r *http.Request) ([]Task, error)

// SortTasks puts urgent tasks first and keeps the modules' order
// otherwise.
func SortTasks(ts []Task) {
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Urgent && !ts[j].Urgent })
}

// startData is the start page's data: the day's tasks above the links to
// every part the role may use.
type startData struct {
	Tasks []Task
}

// TaskLabel is the task's label in the page's language (for templates).
func (p Page) TaskLabel(t Task) string {
	l, _ := t.In(p.Lang)
	return l
}

// TaskNote is the task's note in the page's language (for templates).
func (p Page) TaskNote(t Task) string {
	_, n := t.In(p.Lang)
	return n
}

// Plural writes a count with its noun in the singular for 1 and the
// plural otherwise ("1 voorstel", "2 voorstellen"), with thousands
// separators, so labels built in Go get their Dutch plurals right.
func Plural(n int, one, many string) string {
	w := many
	if n == 1 {
		w = one
	}
	return NewFormatter().Int(int64(n)) + " " + w
}
