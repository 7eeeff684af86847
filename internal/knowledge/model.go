package knowledge

import (
	"time"
)

// Option is one value of a facet: its code (in URLs, the database and the
// API) with its Dutch label and the English one.
type Option struct {
	Code    string
	Label   string
	English string
}

// Facet is a tag dimension of DESIGN §2.5 with its values in the order a
// reader expects them (life phases from baby to older).
type Facet struct {
	Key     string // URL parameter and database facet name
	Label   string
	English string
	Options []Option
}

// The facet keys. Kind is a column of the item, the others are tags.
const (
	FacetKind      = "soort"
	FacetRole      = "rol"
	FacetLifePhase = "fase"
	FacetTrigger   = "aanleiding"
	FacetTheme     = "thema"
)

// Kinds of item. Knowledge products serve the innovation route (DESIGN
// §2.4) from the same engine.
const (
	KindArticle  = "artikel"
	KindQuestion = "vraag"
	KindTool     = "hulpmiddel"
	KindOrg      = "organisatie"
	KindStory    = "verhaal"
	KindVideo    = "video"
	KindProduct  = "kennisproduct"
)

// Roles an item speaks to.
const (
	RoleParent       = "ouder"
	RoleSibling      = "broer-zus"
	RolePartner      = "partner"
	RoleChild        = "kind"
	RoleProfessional = "professional"
	RoleClient       = "client"
)

// The five themes of "Wat als ik het niet meer kan?".
const (
	ThemeConversation = "gesprek"
	ThemePractical    = "praktisch"
	ThemeEmotional    = "sociaal-emotioneel"
	ThemeFamily       = "familie"
	ThemeHandOver     = "overdragen"
)

// Facets lists every facet with its values; the search page, the API and
// the editor's form all read it, so a value cannot exist in one only.
var facets = []Facet{
	{Key: FacetKind, Label: "Soort", English: "Kind", Options: []Option{
		{KindArticle, "Artikel", "Article"}, {KindQuestion, "Vraag of dilemma", "Question or dilemma"}, {KindTool, "Hulpmiddel", "Tool"},
		{KindOrg, "Organisatie", "Organisation"}, {KindStory, "Ervaringsverhaal", "Story"}, {KindVideo, "Video", "Video"},
		{KindProduct, "Kennisproduct", "Knowledge product"}}},
	{Key: FacetRole, Label: "Voor wie", English: "For whom", Options: []Option{
		{RoleParent, "Ouder", "Parent"}, {RoleSibling, "Broer of zus", "Brother or sister"}, {RolePartner, "Partner", "Partner"},
		{RoleChild, "Zoon of dochter", "Son or daughter"}, {RoleProfessional, "Professional", "Professional"}, {RoleClient, "Cliënt", "Client"}}},
	{Key: FacetLifePhase, Label: "Levensfase van uw naaste", English: "Life phase of your relative", Options: []Option{
		{"baby", "Baby (0-1 jaar)", "Baby (0-1)"}, {"peuter", "Peuter (1-4 jaar)", "Toddler (1-4)"}, {"schoolkind", "Schoolkind (4-12 jaar)", "School age (4-12)"},
		{"puber", "Puber (12-18 jaar)", "Adolescent (12-18)"}, {"jongvolwassen", "Jongvolwassene (18-27 jaar)", "Young adult (18-27)"},
		{"volwassen", "Volwassene", "Adult"}, {"ouder", "Ouder worden (vanaf 50 jaar)", "Growing older (50+)"}}},
	{Key: FacetTrigger, Label: "Aanleiding", English: "Trigger", Options: []Option{
		{"acuut", "Acuut: ziekte of overbelasting", "Acute: illness or overload"}, {"ouder-worden", "Ouder worden", "Ageing"},
		{"na-overlijden", "Na een overlijden", "After a death"}}},
	{Key: FacetTheme, Label: "Thema", English: "Theme", Options: []Option{
		{ThemeConversation, "Het gesprek beginnen", "Starting the conversation"},
		{ThemePractical, "Praktische zaken regelen", "Arranging practical matters"},
		{ThemeEmotional, "Sociaal-emotionele zaken", "Social-emotional matters"},
		{ThemeFamily, "Wat verwacht je van broers, zussen, vrienden en familie?", "What to expect of siblings, friends and family"},
		{ThemeHandOver, "Een ander kan het beter", "Someone else can do it better"}}},
}

// Facets returns the facets with their values (a copy).
func Facets() []Facet {
	out := make([]Facet, len(facets))
	for i, f := range facets {
		f.Options = append([]Option(nil), f.Options...)
		out[i] = f
	}
	return out
}

// facetByKey finds a facet.
func facetByKey(key string) (Facet, bool) {
	for _, f := range facets {
		if f.Key == key {
			return f, true
		}
	}
	return Facet{}, false
}

// validOption reports whether code is a value of the facet.
func validOption(key, code string) bool {
	f, ok := facetByKey(key)
	if !ok {
		return false
	}
	for _, o := range f.Options {
		if o.Code == code {
			return true
		}
	}
	return false
}

// OptionLabel is the Dutch label of a facet value ("" when unknown).
func OptionLabel(key, code string) string {
	f, _ := facetByKey(key)
	for _, o := range f.Options {
		if o.Code == code {
			return o.Label
		}
	}
	return ""
}

// Status is where an item is in the editorial workflow.
type Status string

// The workflow: a draft goes to review, then is published; an editor can
// send it back to draft at any time (which takes it off the public site).
// An editor can also take a published item offline with a reason
// (withdrawn), also while a new version of it waits for review: the
// public then reads that the item was taken offline, and the new version
// goes on through review and, once published, brings the item back.
const (
	StatusDraft     Status = "concept"
	StatusReview    Status = "review"
	StatusPublished Status = "gepubliceerd"
	StatusWithdrawn Status = "offline"
)

// Label is the Dutch name of the status.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Concept"
	case StatusReview:
		return "Ter beoordeling"
	case StatusPublished:
		return "Gepubliceerd"
	case StatusWithdrawn:
		return "Offline gehaald"
	}
	return string(s)
}

// Item is one entry of the knowledge base.
type Item struct {
	ID      int64
	Slug    string
	Kind    string
	Status  Status
	Title   string
	Summary string
	// Body is in the module's own small markup (markup.go): paragraphs,
	// headings, lists, bold and links; never HTML.
	Body string
	// EasyTitle and EasyBody are the optional easy-read variant.
	EasyBody string
	// Owner is who answers for the content (a person or organisation by
	// name); ReviewBy the date by which it must be checked again.
	Owner    string
	ReviewBy time.Time
	// Source says where the facts come from; an unchecked fact is marked
	// "(niet gecontroleerd)".
	Source string
	// Phone and Website of an organisation.
	Phone   string
	Website string
	// VideoURL, Captions (WebVTT) and Transcript of a video item.
	VideoURL   string
	Captions   string
	Transcript string
	Tags       map[string][]string // facet key → codes (not kind)
	Version    int
	UpdatedAt  time.Time
	UpdatedBy  int64
	Published  time.Time
	// LiveVersion is, for an editor, the version the public reads when it
	// is not this one: the item is published and this is a new version
	// waiting for review (0 otherwise). Not stored: the revision's
	// presence says it.
	LiveVersion int `json:"-"`
	// LiveWithdrawn is, for an editor, set on a waiting new version whose
	// item was taken offline meanwhile: no version is on the site until
	// this one is published. Not stored: the item's status says it.
	LiveWithdrawn bool `json:"-"`
}

// Pending reports whether this is a new version of a published item that
// is not yet published (the published version stays on the site).
func (it Item) Pending() bool { return it.LiveVersion != 0 }

// Summary is an item as a search hit or a link from another module.
type Summary struct {
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Kind    string `json:"kind"`
	URL     string `json:"url"`
	// Score is the search rank (higher is better); 0 outside a search.
	Score int `json:"score"`
}

// URL is the public page of an item.
func itemURL(slug string) string { return "/kennis/" + slug }

// summaryOf makes a Summary.
func summaryOf(it Item) Summary {
	return Summary{Slug: it.Slug, Title: it.Title, Summary: it.Summary, Kind: it.Kind, URL: itemURL(it.Slug)}
}

// Overdue reports whether the review date has passed on day now.
func (it Item) Overdue(now time.Time) bool {
	return !it.ReviewBy.IsZero() && it.ReviewBy.Before(now.Truncate(24*time.Hour))
}

// KindLabel is the Dutch name of the summary's kind (pages translate it).
func (s Summary) KindLabel() string { return OptionLabel(FacetKind, s.Kind) }
