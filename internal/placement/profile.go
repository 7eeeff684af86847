package placement

import (
	"fmt"
	"slices"
	"strings"
)

// Profile is a Wlz zorgprofiel: the care-need category of the indication
// decision (CIZ). Matching compares it with the profiles a place serves.
type Profile string

// profiles are the Wlz zorgprofielen for disability care (VG, LG, ZG, LVG,
// SGLVG) and the neighbouring sectors a complex case may carry (GGZ-W, VV).
// The list is the published one; the labels are Dutch.
var profiles = map[Profile]string{
	"VG1":   "Wonen met begeleiding en enige verzorging",
	"VG2":   "Wonen met begeleiding en verzorging",
	"VG3":   "Wonen met begeleiding en intensieve verzorging",
	"VG4":   "Wonen met intensieve begeleiding en uitgebreide verzorging",
	"VG5":   "Wonen met zeer intensieve begeleiding, nadruk op begeleiding",
	"VG6":   "Wonen met intensieve begeleiding en zeer intensieve verzorging",
	"VG7":   "Wonen met zeer intensieve begeleiding en gedragsregulering",
	"VG8":   "Wonen met intensieve verzorging en verpleging",
	"LG1":   "Wonen met enige begeleiding en verzorging (lichamelijk)",
	"LG2":   "Wonen met begeleiding en verzorging (lichamelijk)",
	"LG3":   "Wonen met begeleiding en intensieve verzorging (lichamelijk)",
	"LG4":   "Wonen met intensieve begeleiding en verzorging (lichamelijk)",
	"LG5":   "Wonen met begeleiding en zeer intensieve verzorging (lichamelijk)",
	"LG6":   "Wonen met zeer intensieve begeleiding en verzorging (lichamelijk)",
	"LG7":   "Wonen met zeer intensieve begeleiding, verzorging en verpleging (lichamelijk)",
	"ZG1":   "Wonen met begeleiding (auditief en communicatief)",
	"ZG2":   "Wonen met intensieve begeleiding (auditief en communicatief)",
	"ZG3":   "Wonen met begeleiding en verzorging (visueel)",
	"ZG4":   "Wonen met intensieve begeleiding en verzorging (visueel)",
	"ZG5":   "Wonen met zeer intensieve begeleiding en verzorging (visueel)",
	"LVG1":  "Wonen met begeleiding en verzorging (licht verstandelijk gehandicapte jeugd)",
	"LVG2":  "Wonen met begeleiding, verzorging en gedragsregulering (LVG)",
	"LVG3":  "Wonen met intensieve begeleiding, verzorging en gedragsregulering (LVG)",
	"LVG4":  "Wonen met intensieve begeleiding, verzorging en gedragsregulering (LVG)",
	"LVG5":  "Wonen met zeer intensieve begeleiding, verzorging en gedragsregulering (LVG)",
	"SGLVG": "Behandeling met begeleiding en intensieve gedragsregulering (SGLVG)",
	"GGZW1": "Beschut wonen met enige begeleiding (GGZ)",
	"GGZW2": "Beschut wonen met begeleiding en verzorging (GGZ)",
	"GGZW3": "Beschut wonen met intensieve begeleiding en verzorging (GGZ)",
	"GGZW4": "Beschut wonen met intensieve begeleiding en uitgebreide verzorging (GGZ)",
	"GGZW5": "Beschut wonen met zeer intensieve begeleiding en verzorging (GGZ)",
	"VV7":   "Beschut wonen met zeer intensieve zorg, nadruk op begeleiding (VV)",
	"VV8":   "Beschut wonen met zeer intensieve zorg, nadruk op verzorging/verpleging (VV)",
}

// Profiles returns every known code, sorted, for forms and documentation.
func Profiles() []Profile {
	out := make([]Profile, 0, len(profiles))
	for p := range profiles {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// ParseProfile accepts a zorgprofiel code in any case and with optional
// spaces or dashes ("vg 7", "VG-7"); an unknown code is refused with the
// list of valid ones so the user can correct it.
func ParseProfile(s string) (Profile, error) {
	if _, ok := profiles[Profile(s)]; ok { // the stored form: no work
		return Profile(s), nil
	}
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if r != ' ' && r != '-' && r != '.' {
			b.WriteRune(r)
		}
	}
	c := strings.ToUpper(b.String())
	if _, ok := profiles[Profile(c)]; ok {
		return Profile(c), nil
	}
	if c == "" {
		return "", fmt.Errorf("zorgprofiel ontbreekt; kies bijvoorbeeld VG7")
	}
	return "", fmt.Errorf("onbekend zorgprofiel %q; geldige codes zijn bijvoorbeeld VG1 t/m VG8, LG1 t/m LG7, ZG1 t/m ZG5, LVG1 t/m LVG5, SGLVG", s)
}

// Label is the profile's Dutch description.
func (p Profile) Label() string { return profiles[p] }

// ParseProfiles reads a comma- or space-separated list of codes (a place's
// served profiles); empty means "every profile".
func ParseProfiles(s string) ([]Profile, error) {
	var out []Profile
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		p, err := ParseProfile(f)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// JoinProfiles writes profiles as a comma-separated list for storage.
func JoinProfiles(ps []Profile) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ",")
}

// WzdStatus is the person's legal status under the Wet zorg en dwang:
// whether involuntary care or an involuntary stay applies, which limits the
// places to registered Wzd accommodations.
type WzdStatus string

// The Wzd statuses the register distinguishes.
const (
	WzdNone         WzdStatus = "geen"
	WzdArt21        WzdStatus = "artikel21" // opname zonder bezwaar (art. 21 Wzd)
	WzdRM           WzdStatus = "rm"        // rechterlijke machtiging
	WzdIBS          WzdStatus = "ibs"       // inbewaringstelling
	WzdOnvrijwillig WzdStatus = "zorgplan"  // onvrijwillige zorg in het zorgplan, geen opname
)

var wzdLabels = map[WzdStatus]string{
	WzdNone:         "Geen Wzd-maatregel",
	WzdArt21:        "Opname op grond van artikel 21 Wzd",
	WzdRM:           "Rechterlijke machtiging (Wzd)",
	WzdIBS:          "Inbewaringstelling (Wzd)",
	WzdOnvrijwillig: "Onvrijwillige zorg in het zorgplan",
}

// WzdStatuses lists the statuses in form order.
func WzdStatuses() []WzdStatus {
	return []WzdStatus{WzdNone, WzdArt21, WzdRM, WzdIBS, WzdOnvrijwillig}
}

// ParseWzd checks a Wzd status code; empty means none.
func ParseWzd(s string) (WzdStatus, error) {
	w := WzdStatus(strings.ToLower(strings.TrimSpace(s)))
	if w == "" {
		return WzdNone, nil
	}
	if _, ok := wzdLabels[w]; ok {
		return w, nil
	}
	return "", fmt.Errorf("onbekende Wzd-status %q; kies geen, artikel21, rm, ibs of zorgplan", s)
}

// Label is the Dutch description.
func (w WzdStatus) Label() string { return wzdLabels[w] }

// NeedsAccommodation reports whether the status means an involuntary stay,
// which only a registered Wzd accommodation may provide.
func (w WzdStatus) NeedsAccommodation() bool { return w == WzdArt21 || w == WzdRM || w == WzdIBS }

// WaitingStatus is the iWlz waiting-list status (wachtstatus) of a person.
type WaitingStatus string

// The four iWlz statuses.
const (
	UrgentPlaatsen   WaitingStatus = "urgent"
	ActiefPlaatsen   WaitingStatus = "actief"
	WachtOpVoorkeur  WaitingStatus = "voorkeur"
	WachtUitVoorzorg WaitingStatus = "voorzorg"
)

// WaitingStatuses lists the statuses from most to least urgent.
func WaitingStatuses() []WaitingStatus {
	return []WaitingStatus{UrgentPlaatsen, ActiefPlaatsen, WachtOpVoorkeur, WachtUitVoorzorg}
}

// Label is the status's iWlz name.
func (w WaitingStatus) Label() string {
	switch w {
	case UrgentPlaatsen:
		return "Urgent plaatsen"
	case ActiefPlaatsen:
		return "Actief plaatsen"
	case WachtOpVoorkeur:
		return "Wacht op voorkeur"
	case WachtUitVoorzorg:
		return "Wacht uit voorzorg"
	}
	return string(w)
}

// Rank orders the statuses by urgency: 0 is the most urgent. It is the
// urgency term of the batch cost.
func (w WaitingStatus) Rank() int {
	switch w {
	case UrgentPlaatsen:
		return 0
	case ActiefPlaatsen:
		return 1
	case WachtOpVoorkeur:
		return 2
	}
	return 3
}

// Searching reports whether the status asks the care office to look for a
// place now; the batch proposal takes only these people.
func (w WaitingStatus) Searching() bool { return w == UrgentPlaatsen || w == ActiefPlaatsen }

// ParseWaitingStatus accepts the code, the iWlz code (iwlz.go) or the
// iWlz name in any case.
func ParseWaitingStatus(s string) (WaitingStatus, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if w, ok := waitingByIWlzCode(t); ok {
		return w, nil
	}
	for _, w := range WaitingStatuses() {
		if t == string(w) || t == strings.ToLower(w.Label()) {
			return w, nil
		}
	}
	if t == "" {
		return "", fmt.Errorf("wachtstatus ontbreekt; kies Urgent plaatsen, Actief plaatsen, Wacht op voorkeur of Wacht uit voorzorg")
	}
	return "", fmt.Errorf("onbekende wachtstatus %q; kies Urgent plaatsen, Actief plaatsen, Wacht op voorkeur of Wacht uit voorzorg (iWlz-code 1 tot en met 4)", s)
}
