package knowledge

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Cue is one caption of a WebVTT file.
type Cue struct {
	Start, End time.Duration
	Text       string
}

// VTTError says what is wrong with a captions file and on which line,
// in Dutch (Reason) and English; the reasons are a fixed list (vttReasons).
type VTTError struct {
	Line            int
	Reason, English string
}

func (e *VTTError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("regel %d: %s", e.Line, e.Reason)
	}
	return e.Reason
}

// vttReasons are the problems ParseVTT names.
func vttReasons() [][2]string {
	return [][2]string{
		{"het bestand is te groot (hoogstens 200 kB)", "the file is too large (at most 200 kB)"},
		{"de eerste regel moet WEBVTT zijn", "the first line must be WEBVTT"},
		{"verwacht een tijdregel zoals 00:00:01.000 --> 00:00:04.000", "expected a timing line such as 00:00:01.000 --> 00:00:04.000"},
		{"schrijf de tijden als uu:mm:ss.mmm, bijvoorbeeld 00:00:01.000 --> 00:00:04.000", "write the times as hh:mm:ss.mmm, for example 00:00:01.000 --> 00:00:04.000"},
		{"de eindtijd moet na de begintijd liggen", "the end time must be after the start time"},
		{"een ondertitel heeft geen tekst", "a caption has no text"},
		{"er staat geen enkele ondertitel in", "it holds no caption at all"},
	}
}

func vttErr(line, reason int) error {
	r := vttReasons()[reason]
	return &VTTError{Line: line, Reason: r[0], English: r[1]}
}

// maxCaptionBytes bounds a pasted captions file.
const maxCaptionBytes = 200_000

// ParseVTT checks a WebVTT captions file (the track a video item carries,
// W3C WebVTT): the WEBVTT header, then cues of a timing line "start -->
// end" (hh:mm:ss.ttt or mm:ss.ttt, end after start) and their text. It
// returns the cues, or an error in Dutch naming the line to fix. Editors
// paste the file, so it is outside input and fuzzed.
func ParseVTT(text string) ([]Cue, error) {
	if len(text) > maxCaptionBytes {
		return nil, vttErr(0, 0)
	}
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	if !strings.HasPrefix(lines[0], "WEBVTT") || len(lines[0]) > 6 && lines[0][6] != ' ' && lines[0][6] != '\t' {
		return nil, vttErr(1, 1)
	}
	var cues []Cue
	i := 1
	// The header block runs to the first empty line.
	for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
		i++
	}
	for i < len(lines) {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		block := i
		if strings.HasPrefix(lines[i], "NOTE") || strings.HasPrefix(lines[i], "STYLE") || strings.HasPrefix(lines[i], "REGION") {
			for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
				i++
			}
			continue
		}
		if !strings.Contains(lines[i], "-->") {
			i++ // a cue identifier
		}
		if i >= len(lines) || !strings.Contains(lines[i], "-->") {
			return nil, vttErr(block+1, 2)
		}
		from, to, _ := strings.Cut(lines[i], "-->")
		start, err1 := vttTime(strings.TrimSpace(from))
		endField := strings.Fields(to)
		var end time.Duration
		var err2 error
		if len(endField) == 0 {
			err2 = errors.New("no end")
		} else {
			end, err2 = vttTime(endField[0])
		}
		if err1 != nil || err2 != nil {
			return nil, vttErr(i+1, 3)
		}
		if end <= start {
			return nil, vttErr(i+1, 4)
		}
		i++
		var body []string
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			body = append(body, lines[i])
			i++
		}
		if len(body) == 0 {
			return nil, vttErr(i, 5)
		}
		cues = append(cues, Cue{Start: start, End: end, Text: strings.Join(body, "\n")})
	}
	if len(cues) == 0 {
		return nil, vttErr(0, 6)
	}
	return cues, nil
}

// vttTime reads hh:mm:ss.ttt or mm:ss.ttt.
func vttTime(s string) (time.Duration, error) {
	bad := errors.New("bad time")
	main, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 3 {
		return 0, bad
	}
	parts := strings.Split(main, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, bad
	}
	num := func(p string, digits int) (int, bool) {
		if len(p) != digits && !(digits == 0 && len(p) >= 2 && len(p) <= 4) {
			return 0, false
		}
		n, err := strconv.Atoi(p)
		return n, err == nil && n >= 0 && strings.Trim(p, "0123456789") == ""
	}
	ms, ok := num(frac, 3)
	if !ok {
		return 0, bad
	}
	h := 0
	if len(parts) == 3 {
		if h, ok = num(parts[0], 0); !ok {
			return 0, bad
		}
		parts = parts[1:]
	}
	m, ok1 := num(parts[0], 2)
	sec, ok2 := num(parts[1], 2)
	if !ok1 || !ok2 || m > 59 || sec > 59 {
		return 0, bad
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second + time.Duration(ms)*time.Millisecond, nil
}
