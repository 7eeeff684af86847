package auth

import (
	"slices"
	"strings"
)

// Rule is the access rule of one route. Every route is registered with a
// rule, and the router enforces it before the handler runs; record-level
// scope is then decided by Policy.
type Rule struct {
	public  bool
	any     bool
	devices bool
	roles   []Role
	// duty, when set, must be on the principal besides the role: some work
	// belongs to a few named people within a role (the knowledge base's
	// editors among the administrators), and the router should refuse
	// everyone else before a handler runs.
	duty string
}

// Public allows everyone, logged in or not.
func Public() Rule { return Rule{public: true} }

// AnyUser allows every logged-in user whatever their role.
func AnyUser() Rule { return Rule{any: true} }

// Roles allows the listed roles only.
func Roles(rs ...Role) Rule { return Rule{roles: rs} }

// Devices allows device tokens (sensor data delivery) and the listed roles.
func Devices(rs ...Role) Rule { return Rule{devices: true, roles: rs} }

// RolesWithDuty allows the listed roles only when the principal also holds
// duty.
func RolesWithDuty(duty string, rs ...Role) Rule { return Rule{roles: rs, duty: duty} }

// Duty is the duty the rule requires besides the role, or "".
func (r Rule) Duty() string { return r.duty }

// AllowsDevices reports whether device tokens pass.
func (r Rule) AllowsDevices() bool { return r.devices }

// IsPublic reports whether the rule admits anonymous requests.
func (r Rule) IsPublic() bool { return r.public }

// AllowsRole reports whether a logged-in user with role may pass.
func (r Rule) AllowsRole(role Role) bool {
	if r.public || r.any {
		return true
	}
	return slices.Contains(r.roles, role)
}

// Allows reports whether p (nil when anonymous) may pass.
func (r Rule) Allows(p *Principal) bool {
	if r.public {
		return true
	}
	if p == nil {
		return false
	}
	if p.Device {
		// Device tokens reach only the routes made for devices.
		return r.devices
	}
	if r.duty != "" && !p.HasDuty(r.duty) {
		return false
	}
	return r.AllowsRole(p.Role)
}

// String describes the rule for route listings and test failures.
func (r Rule) String() string {
	switch {
	case r.public:
		return "public"
	case r.any:
		return "any user"
	}
	prefix := "roles: "
	if r.devices {
		prefix = "devices+roles: "
	}
	var names []string
	for _, x := range r.roles {
		names = append(names, string(x))
	}
	s := prefix + strings.Join(names, ",")
	if r.duty != "" {
		s += " with duty " + r.duty
	}
	return s
}

// ClientRef is what the policy needs to know about a client record to decide
// access: where the client lives, who provides care and who is involved.
type ClientRef struct {
	ID            int64
	Region        string
	Organisations []int64 // providers caring for the client
	Locations     []int64
	Teams         []int64 // C.O.T. teams with an open assignment
	Supporters    []int64 // user ids of ondersteuners with the client in caseload
	// Representatives are user ids of naasten with an explicit
	// authorisation to act for or see the client.
	Representatives []int64
	// LegalRepresentatives are the subset with a legal basis to see the BSN.
	LegalRepresentatives []int64
}

// Policy decides record-level access. It is a value type without state so it
// can be shared freely; every module asks it instead of deciding itself.
type Policy struct{}

// CanSeeClient reports whether p may read the client's personal data in the
// normal course of their work (emergency access is decided separately).
func (Policy) CanSeeClient(p *Principal, c ClientRef) bool {
	if p == nil || !p.Role.SeesHealthData() {
		return false
	}
	switch p.Role {
	case RoleClient:
		return p.Scope.ClientID == c.ID
	case RoleNaaste:
		return slices.Contains(c.Representatives, p.UserID)
	case RoleZorgkantoor, RoleCrisisregisseur:
		return p.InRegion(c.Region)
	case RoleZorgverlener:
		return intersects(p.Scope.Locations, c.Locations)
	case RoleAanbieder:
		return intersects(p.Scope.Organisations, c.Organisations)
	case RoleCOT:
		return intersects(p.Scope.Teams, c.Teams)
	case RoleOndersteuner:
		return slices.Contains(c.Supporters, p.UserID)
	}
	return false
}

// CanSeeBSN reports whether p has a legal basis to see the client's BSN
// (DESIGN §1): the professionals who need it for care in scope, the client,
// and a legal representative; never programma or beheerder, and never a
// provider administrator.
func (pol Policy) CanSeeBSN(p *Principal, c ClientRef) bool {
	if p == nil {
		return false
	}
	switch p.Role {
	case RoleZorgkantoor, RoleZorgverlener, RoleCrisisregisseur, RoleCOT, RoleOndersteuner:
		return pol.CanSeeClient(p, c)
	case RoleClient:
		return p.Scope.ClientID == c.ID
	case RoleNaaste:
		return slices.Contains(c.LegalRepresentatives, p.UserID)
	}
	return false
}

// MayUseEmergencyAccess reports whether p may open a record outside their
// scope after giving a reason: care professionals only.
func (Policy) MayUseEmergencyAccess(p *Principal) bool {
	if p == nil {
		return false
	}
	switch p.Role {
	case RoleZorgverlener, RoleZorgkantoor, RoleCrisisregisseur, RoleCOT, RoleOndersteuner:
		return true
	}
	return false
}

func intersects(a, b []int64) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
