package relatives

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Topics are what relatives ask experts-by-experience about; an expert
// chooses the topics they can talk about from their own experience.
var Topics = []choice{
	{"broer_zus", "Broer of zus zijn"},
	{"jong_kind", "Ouder van een jong kind"},
	{"volwassen_kind", "Ouder van een volwassen kind"},
	{"wonen", "Wonen en een plek zoeken"},
	{"regelingen", "Geld, Wlz en regelingen"},
	{"overbelasting", "Overbelasting en even rust"},
	{"toekomst", "Later, als ik het niet meer kan"},
	{"afscheid", "Afscheid en rouw"},
}

// Moments are the parts of the day a relative prefers to be called, with
// their hours (minutes from midnight) for routing to an expert's slots.
var Moments = []struct {
	Value, Label string
	From, To     int
}{
	{"ochtend", "’s Ochtends (9 tot 12 uur)", 9 * 60, 12 * 60},
	{"middag", "’s Middags (12 tot 17 uur)", 12 * 60, 17 * 60},
	{"avond", "’s Avonds (17 tot 21 uur)", 17 * 60, 21 * 60},
}

func topicLabel(v string) string {
	for _, t := range Topics {
		if t.Value == v {
			return t.Label
		}
	}
	return v
}

func momentLabel(v string) string {
	for _, m := range Moments {
		if m.Value == v {
			return m.Label
		}
	}
	return v
}

// Weekdays are the days of an expert's slots, Monday first (1).
var Weekdays = []string{"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"}

// Slot is an expert's weekly availability: a weekday and a time range.
type Slot struct {
	Weekday  int // 1 = Monday
	From, To int // minutes from midnight
}

// Text is the slot as "maandag 19:00–21:00".
func (sl Slot) Text() string {
	return Weekdays[sl.Weekday-1] + " " + clockText(sl.From) + "–" + clockText(sl.To)
}

func clockText(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// ParseClock reads a time of day typed as 19:00, 19.00, 19u or 19 (whole
// hours) into minutes from midnight. It is the parser of the expert's
// availability form.
func ParseClock(s string) (int, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ToLower(s)), "u"))
	bad := fmt.Errorf("%q is geen tijd; schrijf uu:mm", clip(s, 10))
	if s == "" || len(s) > 5 {
		return 0, bad
	}
	h, m := s, "0"
	if i := strings.IndexAny(s, ":."); i >= 0 {
		h, m = s[:i], s[i+1:]
		if len(m) != 2 {
			return 0, bad
		}
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || len(h) > 2 || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh == 24 && mm != 0 || strings.ContainsAny(h+m, "+-") {
		return 0, bad
	}
	return hh*60 + mm, nil
}

// Expert is an expert-by-experience's profile.
type Expert struct {
	UserID int64
	Name   string
	Topics []string
	Active bool
	Slots  []Slot
}

// TopicLabels are the expert's topics in Dutch.
func (e Expert) TopicLabels() []string {
	out := make([]string, len(e.Topics))
	for i, t := range e.Topics {
		out[i] = topicLabel(t)
	}
	return out
}

// ExpertInput is the expert's form: topics and, per weekday, one slot
// ("" when not available that day).
type ExpertInput struct {
	Topics []string
	Active bool
	From   [7]string
	To     [7]string
}

func (in ExpertInput) parse() ([]Slot, error) {
	var errs []web.FieldError
	for _, t := range in.Topics {
		if !validChoice(Topics, t) {
			errs = append(errs, web.FieldError{Field: "onderwerpen", Message: "Kies alleen onderwerpen uit de lijst.", English: "Choose only topics from the list."})
			break
		}
	}
	if in.Active && len(in.Topics) == 0 {
		errs = append(errs, web.FieldError{Field: "onderwerpen", Message: "Kies ten minste één onderwerp waarover u kunt praten.", English: "Choose at least one topic you can talk about."})
	}
	var slots []Slot
	for d := 0; d < 7; d++ {
		from, to := strings.TrimSpace(in.From[d]), strings.TrimSpace(in.To[d])
		if from == "" && to == "" {
			continue
		}
		day := Weekdays[d]
		f, err1 := ParseClock(from)
		t, err2 := ParseClock(to)
		switch {
		case err1 != nil:
			errs = append(errs, web.FieldError{Field: "van-" + strconv.Itoa(d+1), Message: "Schrijf de begintijd op " + day + " als uu:mm, bijvoorbeeld 19:00.", English: "Write the start time on " + day + " as hh:mm, for example 19:00."})
		case err2 != nil:
			errs = append(errs, web.FieldError{Field: "tot-" + strconv.Itoa(d+1), Message: "Schrijf de eindtijd op " + day + " als uu:mm, bijvoorbeeld 21:00.", English: "Write the end time on " + day + " as hh:mm, for example 21:00."})
		case t <= f:
			errs = append(errs, web.FieldError{Field: "tot-" + strconv.Itoa(d+1), Message: "De eindtijd op " + day + " moet na de begintijd liggen.", English: "The end time on " + day + " must be after the start time."})
		default:
			slots = append(slots, Slot{Weekday: d + 1, From: f, To: t})
		}
	}
	if in.Active && len(slots) == 0 && len(errs) == 0 {
		errs = append(errs, web.FieldError{Field: "van-1", Message: "Vul ten minste één dag in waarop u kunt terugbellen.", English: "Fill in at least one day on which you can call back."})
	}
	return slots, web.Invalid(errs...)
}

// errNotExpert refuses an expert's action to a relative without the duty.
var errNotExpert = web.Forbidden("Dit kan alleen een ervaringsdeskundige.", "Only an expert by experience can do this.")

// SaveExpert stores the expert's topics and weekly slots.
func (s *Service) SaveExpert(ctx context.Context, p *auth.Principal, in ExpertInput) error {
	if !p.HasDuty(auth.DutyExpertByExperience) {
		return errNotExpert
	}
	slots, err := in.parse()
	if err != nil {
		return err
	}
	topics := orderedTopics(in.Topics)
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		return s.store.saveExpert(ctx, tx, Expert{UserID: p.UserID, Topics: topics, Active: in.Active, Slots: slots}, s.now())
	})
}

func orderedTopics(ts []string) []string {
	var out []string
	for _, t := range Topics {
		if slices.Contains(ts, t.Value) {
			out = append(out, t.Value)
		}
	}
	return out
}

// Callback is a relative's request to be called back.
type Callback struct {
	ID            int64
	RequesterID   int64
	RequesterName string
	Topic         string
	Phone         string
	Preferred     string
	Question      string
	ExpertID      int64
	ExpertName    string
	Status        string // open, gebeld, niet_bereikt
	Outcome       string
	RequestedAt   time.Time
	HandledAt     time.Time
}

// TopicLabel and the others are the request's codes in Dutch.
func (c Callback) TopicLabel() string     { return topicLabel(c.Topic) }
func (c Callback) PreferredLabel() string { return momentLabel(c.Preferred) }
func (c Callback) StatusLabel() string {
	switch c.Status {
	case "gebeld":
		return "Gebeld"
	case "niet_bereikt":
		return "Niet bereikt"
	}
	if c.ExpertID == 0 {
		return "Wacht op een vrije ervaringsdeskundige"
	}
	return "Wacht op terugbellen"
}

// CallbackInput is a relative's request.
type CallbackInput struct {
	Topic     string `json:"topic"`
	Phone     string `json:"phone"`
	Preferred string `json:"preferred"`
	Question  string `json:"question,omitempty"`
}

const maxQuestion = 1000

func (in *CallbackInput) validate() error {
	var errs []web.FieldError
	if !validChoice(Topics, in.Topic) {
		errs = append(errs, web.FieldError{Field: "onderwerp", Message: "Kies waarover u wilt praten.", English: "Choose what you want to talk about."})
	}
	// The platform's one phone rule, for a number that may be abroad: a
	// relative may ask to be called back in Belgium or Germany.
	phone, ok := auth.NormalizeAnyPhone(in.Phone)
	if !ok || phone == "" {
		errs = append(errs, web.FieldError{Field: "telefoon", Message: "Vul een telefoonnummer in waarop we u kunnen bellen, zoals 06 1234 5678, of in het buitenland met + en het landnummer, zoals +32 2 123 45 67.",
			English: "Fill in the phone number we can call you on, such as 06 1234 5678, or abroad with + and the country code, such as +32 2 123 45 67."})
	}
	in.Phone = phone
	if !slices.ContainsFunc(Moments, func(m struct {
		Value, Label string
		From, To     int
	}) bool {
		return m.Value == in.Preferred
	}) {
		errs = append(errs, web.FieldError{Field: "moment", Message: "Kies wanneer u het liefst gebeld wordt.", English: "Choose when you prefer to be called."})
	}
	in.Question = strings.TrimSpace(in.Question)
	if utf8.RuneCountInString(in.Question) > maxQuestion {
		errs = append(errs, web.FieldError{Field: "vraag", Message: fmt.Sprintf("Uw vraag is te lang: maximaal %d tekens. U kunt de rest aan de telefoon vertellen.", maxQuestion), English: fmt.Sprintf("Your question is too long: at most %d characters. You can tell the rest on the phone.", maxQuestion)})
	}
	return web.Invalid(errs...)
}

// PhoneText is the number as a person reads it aloud while dialling, in
// the written form of the platform's phone rule ("06 1111 1111",
// "030 123 4567", "+3221234567" abroad). Requests stored before that rule
// kept the digits only ("0611111111"); they are shown the same way.
func (c Callback) PhoneText() string {
	if w, ok := auth.NormalizeAnyPhone(c.Phone); ok && w != "" {
		return w
	}
	return c.Phone
}

// Tel is the number as a tel: link that dials from anywhere ("" when it
// cannot be dialled); made of digits and "+" only.
func (c Callback) Tel() template.URL { return template.URL(auth.TelURI(c.PhoneText())) }

// RequestCallback records relative p's request and routes it to an
// available expert: one with the topic and a slot in the preferred part
// of the day, the least busy first; failing that, one with the topic.
// Without such an expert the request waits for any expert to take it.
// The expert is told in their inbox.
func (s *Service) RequestCallback(ctx context.Context, p *auth.Principal, in CallbackInput) (Callback, error) {
	if p == nil || p.Role != auth.RoleNaaste {
		return Callback{}, web.Forbidden("Alleen een naaste vraagt om terugbellen.", "Only a relative asks for a call-back.")
	}
	if err := in.validate(); err != nil {
		return Callback{}, err
	}
	c := Callback{RequesterID: p.UserID, Topic: in.Topic, Phone: in.Phone, Preferred: in.Preferred, Question: in.Question, Status: "open", RequestedAt: s.now()}
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		experts, err := s.store.experts(ctx, tx, true)
		if err != nil {
			return err
		}
		load, err := s.store.openLoad(ctx, tx)
		if err != nil {
			return err
		}
		c.ExpertID = route(experts, load, in.Topic, in.Preferred, p.UserID)
		if c.ID, err = s.store.insertCallback(ctx, tx, c); err != nil {
			return err
		}
		if c.ExpertID != 0 {
			return s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{c.ExpertID}, Kind: "relatives_callback",
				Title: "Nieuw terugbelverzoek", Body: "Een naaste vraagt u om terug te bellen over ‘" + topicLabel(c.Topic) + "’.",
				TitleEN: "New call-back request", BodyEN: "A relative asks you to call back about ‘" + english(topicLabel(c.Topic)) + "’.", Link: "/naasten/ervaringsdeskundige"})
		}
		return nil
	})
	return c, err
}

// route chooses the expert for a request (0: none available).
func route(experts []Expert, load map[int64]int, topic, moment string, requester int64) int64 {
	var m struct{ From, To int }
	for _, x := range Moments {
		if x.Value == moment {
			m.From, m.To = x.From, x.To
		}
	}
	best, bestTimed := int64(0), false
	for _, e := range experts {
		if !e.Active || e.UserID == requester || !slices.Contains(e.Topics, topic) {
			continue
		}
		timed := slices.ContainsFunc(e.Slots, func(sl Slot) bool { return sl.From < m.To && sl.To > m.From })
		switch {
		case best == 0,
			timed && !bestTimed,
			timed == bestTimed && load[e.UserID] < load[best]:
			best, bestTimed = e.UserID, timed
		}
	}
	return best
}

// MyCallbacks are relative p's own requests, newest first.
func (s *Service) MyCallbacks(ctx context.Context, p *auth.Principal) ([]Callback, error) {
	cs, err := s.store.callbacks(ctx, 50, `requester_id = $1`, p.UserID)
	if err != nil {
		return nil, err
	}
	return cs, s.nameCallbacks(ctx, cs)
}

// ExpertDesk is what an expert sees: their profile, the requests routed
// to them and those waiting for anyone, and what they handled.
type ExpertDesk struct {
	Expert     Expert
	Mine       []Callback
	Unassigned []Callback
	Handled    []Callback
}

// Desk reads the expert's desk; every request shown is recorded as read
// (a relative's phone number and question are personal data).
func (s *Service) Desk(ctx context.Context, p *auth.Principal) (ExpertDesk, error) {
	var d ExpertDesk
	if !p.HasDuty(auth.DutyExpertByExperience) {
		return d, errNotExpert
	}
	e, _, err := s.store.expert(ctx, p.UserID)
	if err != nil {
		return d, err
	}
	d.Expert = e
	if d.Mine, err = s.store.callbacks(ctx, 200, `expert_id = $1 AND status = 'open'`, p.UserID); err != nil {
		return d, err
	}
	if d.Unassigned, err = s.store.callbacks(ctx, 200, `expert_id IS NULL AND status = 'open'`); err != nil {
		return d, err
	}
	if d.Handled, err = s.store.callbacks(ctx, 20, `expert_id = $1 AND status <> 'open'`, p.UserID); err != nil {
		return d, err
	}
	all := append(append(append([]Callback(nil), d.Mine...), d.Unassigned...), d.Handled...)
	if err := s.nameCallbacks(ctx, all); err != nil {
		return d, err
	}
	named := map[int64]Callback{}
	for _, c := range all {
		named[c.ID] = c
	}
	for _, l := range [][]Callback{d.Mine, d.Unassigned, d.Handled} {
		for i := range l {
			l[i] = named[l[i].ID]
		}
	}
	evs := make([]audit.Event, 0, len(all))
	for _, c := range all {
		evs = append(evs, audit.Event{Action: audit.ActionRead, Object: "relatives_callback", ObjectID: idString(c.ID)})
	}
	if err := audit.RecordAll(ctx, s.aud, p, evs); err != nil {
		return d, err
	}
	return d, nil
}

// HandleInput is the expert's record of a call.
type HandleInput struct {
	Status  string `json:"status"` // gebeld or niet_bereikt
	Outcome string `json:"outcome"`
}

// HandleCallback records how an expert handled a request: assigned to
// them, or waiting for anyone (the expert then takes it).
func (s *Service) HandleCallback(ctx context.Context, p *auth.Principal, id int64, in HandleInput) error {
	if !p.HasDuty(auth.DutyExpertByExperience) {
		return errNotExpert
	}
	in, errs := checkHandle(in, id)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := s.store.handleCallback(ctx, tx, id, p.UserID, in.Status, in.Outcome, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return web.NotFound("Dit terugbelverzoek bestaat niet, is al afgehandeld of is voor een andere ervaringsdeskundige.", "This call-back request does not exist, was already handled or is for another expert.")
		}
		return s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionUpdate, Object: "relatives_callback", ObjectID: idString(id)})
	})
}

// checkHandle checks an expert's record of call-back request id without
// the database, so the form can be fuzzed (issue 18): spoken to or not
// reached, and an outcome of 1 to maxQuestion characters. The fields carry
// the request's id (the desk has a form per request). It returns the
// outcome trimmed.
func checkHandle(in HandleInput, id int64) (HandleInput, []web.FieldError) {
	var errs []web.FieldError
	if in.Status != "gebeld" && in.Status != "niet_bereikt" {
		errs = append(errs, web.FieldError{Field: "status-" + idString(id), Message: "Kies of u de naaste gesproken heeft of niet bereikt.", English: "Choose whether you spoke to the relative or did not reach them."})
	}
	in.Outcome = strings.TrimSpace(in.Outcome)
	switch {
	case in.Outcome == "":
		errs = append(errs, web.FieldError{Field: "uitkomst-" + idString(id), Message: "Schrijf kort op wat de uitkomst is, bijvoorbeeld ‘doorverwezen naar cliëntondersteuning’.", English: "Write briefly what the outcome is, for example ‘referred to client support’."})
	case utf8.RuneCountInString(in.Outcome) > maxQuestion:
		errs = append(errs, web.FieldError{Field: "uitkomst-" + idString(id), Message: fmt.Sprintf("De uitkomst is te lang: maximaal %d tekens.", maxQuestion), English: fmt.Sprintf("The outcome is too long: at most %d characters.", maxQuestion)})
	}
	return in, errs
}

func (s *Service) nameCallbacks(ctx context.Context, cs []Callback) error {
	if len(cs) == 0 {
		return nil
	}
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.RequesterID, c.ExpertID)
	}
	names, err := s.users.DisplayNames(ctx, ids)
	if err != nil {
		return err
	}
	for i := range cs {
		cs[i].RequesterName, cs[i].ExpertName = names[cs[i].RequesterID], names[cs[i].ExpertID]
	}
	return nil
}
