// Package auth owns identity and access: accounts, sessions, tokens, second
// factors, roles and scopes, and the single policy that decides every action
// (DESIGN §1 and §3). HTTP pages for logging in live in package
// internal/authweb, a floor above auth and web, so that this package stays
// free of templates.
package auth

import (
	"fmt"
	"slices"
	"strings"
)

// Role is a user's role, one of DESIGN §1's code names.
type Role string

// The roles of DESIGN §1. Their string values are contracts: they are the
// demo account names and appear in the audit log.
const (
	RoleClient          Role = "client"
	RoleNaaste          Role = "naaste"
	RoleZorgverlener    Role = "zorgverlener"
	RoleAanbieder       Role = "aanbieder"
	RoleZorgkantoor     Role = "zorgkantoor"
	RoleCrisisregisseur Role = "crisisregisseur"
	RoleCOT             Role = "cot"
	RoleOndersteuner    Role = "ondersteuner"
	RoleProgramma       Role = "programma"
	RoleBeheerder       Role = "beheerder"
)

// AllRoles lists every role in a stable order (the order of DESIGN §1).
func AllRoles() []Role {
	return []Role{RoleClient, RoleNaaste, RoleZorgverlener, RoleAanbieder, RoleZorgkantoor,
		RoleCrisisregisseur, RoleCOT, RoleOndersteuner, RoleProgramma, RoleBeheerder}
}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.TrimSpace(s))
	if slices.Contains(AllRoles(), r) {
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q (choose one of %s)", s, strings.Join(roleNames(), ", "))
}

func roleNames() []string {
	var out []string
	for _, r := range AllRoles() {
		out = append(out, string(r))
	}
	return out
}

// Professional reports whether the role is a professional one, which must
// use a second factor (DESIGN §3) and may use emergency access.
func (r Role) Professional() bool {
	switch r {
	case RoleZorgverlener, RoleAanbieder, RoleZorgkantoor, RoleCrisisregisseur, RoleCOT, RoleOndersteuner, RoleProgramma, RoleBeheerder:
		return true
	}
	return false
}

// SeesHealthData reports whether the role may see person-level health data
// at all (within its scope). programma sees aggregates only and beheerder
// manages accounts without health data.
func (r Role) SeesHealthData() bool {
	return r != RoleProgramma && r != RoleBeheerder && r != ""
}

// Label is the role's Dutch name for display.
func (r Role) Label() string {
	switch r {
	case RoleClient:
		return "Cliënt"
	case RoleNaaste:
		return "Naaste"
	case RoleZorgverlener:
		return "Zorgverlener"
	case RoleAanbieder:
		return "Zorgaanbieder"
	case RoleZorgkantoor:
		return "Zorgkantoor"
	case RoleCrisisregisseur:
		return "Crisisregisseur"
	case RoleCOT:
		return "C.O.T.-lid"
	case RoleOndersteuner:
		return "Cliëntondersteuner"
	case RoleProgramma:
		return "Programma"
	case RoleBeheerder:
		return "Beheerder"
	}
	return string(r)
}
