package auth

import (
	"context"
	"slices"
)

// Scope limits which records a user reaches within their role (DESIGN §1):
// care offices by region, providers by organisation and location, C.O.T.
// members by team, supporters by caseload, clients to themselves and
// relatives to the clients they represent.
type Scope struct {
	Regions       []string // region codes, e.g. "ZK-UTR"
	Organisations []int64
	Locations     []int64
	Teams         []int64
	ClientID      int64   // for role client: the own record
	Represents    []int64 // for role naaste: clients with an authorisation
	// Duties names the special duties of DESIGN §1 on a role, e.g.
	// DutyNationalTable on zorgkantoor. A duty is a scope, not a role: the
	// role's route rules stay as they are and the module decides what the
	// duty reaches.
	Duties []string
}

// DutyNationalTable is the scope of a care-office account that sits at the
// national table (landelijke tafel, DESIGN §1 and §2.1): it sees the cases
// that regions escalated, from every region, and records its own decisions.
const DutyNationalTable = "landelijk"

// The other duties of DESIGN §1, each with a demo account of the same name.
const (
	// DutyConfidentialAdviser is on an aanbieder account: the provider's
	// confidential adviser (vertrouwenspersoon) who handles reports of
	// violence concerning the organisations in its scope.
	DutyConfidentialAdviser = "vertrouwenspersoon"
	// DutyExpertByExperience is on a naaste account: a trained
	// expert-by-experience who answers relatives' call-back requests.
	DutyExpertByExperience = "ervaringsdeskundige"
	// DutyClientCouncil is on a naaste account: a member of the client
	// council of the organisations in its scope, who reads their
	// innovation projects and advises at the gates.
	DutyClientCouncil = "clientenraad"
	// DutyEditor is on a beheerder account: an editor of the knowledge
	// base (no health data, as for every beheerder).
	DutyEditor = "redacteur"
)

// Principal is who is making a request: an authenticated user (by session
// or token), with role and scope resolved at authentication time.
type Principal struct {
	UserID      int64
	Username    string
	DisplayName string
	Role        Role
	Scope       Scope
	Demo        bool
	// SessionID is the database id of the session (empty for tokens), used
	// by "log out" and shown in the audit trail.
	SessionID string
	// TokenID is set when the request authenticated with an API or device
	// token.
	TokenID int64
	// Device is true for device tokens, which may only deliver sensor data.
	Device bool
	// Organisation is the display name of the user's organisation, recorded
	// in the audit trail so clients see who looked.
	Organisation string
}

// InRegion reports whether the principal's scope includes region.
func (p *Principal) InRegion(region string) bool {
	return p != nil && slices.Contains(p.Scope.Regions, region)
}

// AtLocation reports whether the principal's scope includes location id.
func (p *Principal) AtLocation(id int64) bool {
	return p != nil && slices.Contains(p.Scope.Locations, id)
}

// InOrganisation reports whether the principal's scope includes organisation id.
func (p *Principal) InOrganisation(id int64) bool {
	return p != nil && slices.Contains(p.Scope.Organisations, id)
}

// HasDuty reports whether the principal's scope names duty.
func (p *Principal) HasDuty(duty string) bool {
	return p != nil && slices.Contains(p.Scope.Duties, duty)
}

// Label is what the header shows as the user's role: the duty's name
// when the scope names one (a care-office employee at the national table
// is "Landelijke tafel", not "Zorgkantoor"), the role's name otherwise.
func (p *Principal) Label() string {
	if p == nil {
		return ""
	}
	for _, d := range p.Scope.Duties {
		if l := DutyLabel(d); l != "" {
			return l
		}
	}
	return p.Role.Label()
}

// DutyLabel is a duty's Dutch name for display, "" for an unknown duty.
func DutyLabel(duty string) string {
	switch duty {
	case DutyNationalTable:
		return "Landelijke tafel"
	case DutyConfidentialAdviser:
		return "Vertrouwenspersoon"
	case DutyExpertByExperience:
		return "Ervaringsdeskundige"
	case DutyClientCouncil:
		return "Cliëntenraad"
	case DutyEditor:
		return "Redacteur kennisbank"
	}
	return ""
}

// InTeam reports whether the principal belongs to team id.
func (p *Principal) InTeam(id int64) bool {
	return p != nil && slices.Contains(p.Scope.Teams, id)
}

type principalKey struct{}

// WithPrincipal returns a context carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the request's principal, or nil when anonymous.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
