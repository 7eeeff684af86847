package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/app"
	"github.com/volwaardig/volwaardig/internal/auth"
)

// openAuth opens the database (migrating it) and the identity service for
// the account and token commands.
func openAuth(env Env, sf *serverFlags) (*auth.Service, func(), int) {
	logger := sf.logger(env)
	cfg := sf.config(env, logger)
	d, err := app.Open(env.Ctx, cfg)
	if err != nil {
		return nil, nil, openFailure(env, err)
	}
	a, err := app.New(env.Ctx, cfg, d)
	if err != nil {
		env.closeLogged("database", d)
		env.errorf("volwaardig: %v\n", err)
		return nil, nil, ExitOperational
	}
	return a.Auth, func() { env.closeLogged("application", a); env.closeLogged("database", d) }, 0
}

// subUsage prints a command group's subcommands: to w, which is standard
// output when help was asked for and standard error after a usage error.
func subUsage(w io.Writer, name string, subs [][2]string) {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: volwaardig %s SUBCOMMAND [flags]\n\nSubcommands:\n", name)
	for _, s := range subs {
		fmt.Fprintf(&b, "  %-16s %s\n", s[0], s[1])
	}
	fmt.Fprintf(&b, "\nRun 'volwaardig %s SUBCOMMAND --help' for its flags.\n", name)
	writeMessage(w, b.String())
}

var userSubs = [][2]string{
	{"create", "create an account (password from stdin)"},
	{"list", "list accounts"},
	{"disable", "disable an account and end its sessions (--enable to undo)"},
	{"reset-password", "set a new password (from stdin) and end sessions"},
	{"set-role", "change an account's role"},
	{"set-scope", "replace an account's scope (regions, organisations, locations, teams)"},
	{"end-sessions", "end every session of an account"},
	{"reset-2fa", "remove an account's second factor so it can enrol again"},
	{"link-oidc", "link an account to its subject at the OIDC broker (--unlink to undo)"},
}

func runUser(env Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) == 0 {
			subUsage(env.Stderr, "user", userSubs)
			return ExitUsage
		}
		subUsage(env.Stdout, "user", userSubs)
		return ExitOK
	}
	sub, rest := args[0], args[1:]
	var sf serverFlags
	synopsis := "user " + sub + " [flags] USERNAME"
	if sub == "list" {
		synopsis = "user list [flags]"
	}
	fs := newFlagSet(env, "user "+sub, synopsis)
	sf.registerDB(fs, env)
	var role, display, org, email, phone, regions, orgIDs, locIDs, teamIDs string
	var enable, unlink bool
	var subject string
	switch sub {
	case "create":
		fs.StringVar(&role, "role", "", "role: "+strings.Join(roleList(), ", ")+" (required)")
		fs.StringVar(&display, "name", "", "display name")
		fs.StringVar(&org, "organisation", "", "organisation name shown in the audit trail")
		fs.StringVar(&email, "email", "", "work e-mail address, shown to colleagues who need to reach the account's holder")
		fs.StringVar(&phone, "phone", "", "work phone number as people write it (030 234 5601, 06 1234 5678), shown as a tel: link")
		fallthrough
	case "set-scope":
		fs.StringVar(&regions, "regions", "", "comma-separated region codes, e.g. ZK11")
		fs.StringVar(&orgIDs, "organisations", "", "comma-separated organisation ids")
		fs.StringVar(&locIDs, "locations", "", "comma-separated location ids")
		fs.StringVar(&teamIDs, "teams", "", "comma-separated team ids")
	case "set-role":
		fs.StringVar(&role, "role", "", "new role (required)")
	case "disable":
		fs.BoolVar(&enable, "enable", false, "enable the account again instead")
	case "link-oidc":
		fs.StringVar(&subject, "subject", "", "the broker's subject identifier (the id token's sub claim)")
		fs.BoolVar(&unlink, "unlink", false, "remove the account's link instead")
	case "list", "reset-password", "end-sessions", "reset-2fa":
	default:
		env.errorf("volwaardig user: unknown subcommand %q\n", sub)
		return ExitUsage
	}
	pos, code, ok := parseFlags(fs, rest)
	if !ok {
		return code
	}
	if sub == "list" {
		if len(pos) != 0 {
			env.errorln("volwaardig user list: takes no arguments")
			return ExitUsage
		}
	} else if len(pos) != 1 {
		env.errorf("volwaardig user %s: give exactly one USERNAME\n", sub)
		fs.Usage()
		return ExitUsage
	}
	var scope auth.Scope
	if sub == "create" || sub == "set-scope" {
		var err error
		if scope, err = parseScope(regions, orgIDs, locIDs, teamIDs); err != nil {
			env.errorf("volwaardig user %s: %v\n", sub, err)
			return ExitUsage
		}
	}
	if sub == "create" {
		// Checked before the password is asked, by the same rule as the
		// web forms (auth.CheckContact), every wrong flag named at once.
		if _, _, err := auth.CheckContact(phone, email); err != nil {
			var ce *auth.ContactError
			if errors.As(err, &ce) {
				for _, f := range []string{"phone", "email"} {
					if _, bad := ce.Fields[f]; bad {
						env.errorf("volwaardig user create: --%s: %s\n", f, contactFlagHelp[f])
					}
				}
			}
			return ExitBadInput
		}
	}
	if (sub == "create" || sub == "set-role") && role == "" {
		env.errorf("volwaardig user %s: --role is required\n", sub)
		return ExitUsage
	}
	if sub == "link-oidc" && (subject == "") == !unlink {
		env.errorln("volwaardig user link-oidc: give --subject SUB, or --unlink")
		return ExitUsage
	}
	svc, closeFn, code := openAuth(env, &sf)
	if svc == nil {
		return code
	}
	defer closeFn()
	ctx := env.Ctx
	if sub == "list" {
		return listUsers(ctx, env, svc)
	}
	name := pos[0]
	if sub == "create" {
		r, err := auth.ParseRole(role)
		if err != nil {
			env.errorf("volwaardig user create: %v\n", err)
			return ExitBadInput
		}
		pw, err := readPassword(env)
		if err != nil {
			env.errorf("volwaardig user create: %v\n", err)
			return ExitBadInput
		}
		id, err := svc.CreateUser(ctx, auth.NewUser{Username: name, DisplayName: display, Role: r, Organisation: org, Email: email, Phone: phone, Password: pw, Scope: scope})
		if err != nil {
			env.errorf("volwaardig user create: %v\n", err)
			return ExitBadInput
		}
		env.printf("created user %s (id %d, role %s)\n", name, id, r)
		return ExitOK
	}
	u, err := svc.UserByName(ctx, name)
	if err != nil {
		if errors.Is(err, auth.ErrNotFound) {
			env.errorf("volwaardig user %s: no user %q\n", sub, name)
			return ExitBadInput
		}
		env.errorf("volwaardig user %s: %v\n", sub, err)
		return ExitOperational
	}
	switch sub {
	case "disable":
		err = svc.SetDisabled(ctx, u.ID, !enable)
	case "reset-password":
		var pw string
		if pw, err = readPassword(env); err == nil {
			err = svc.SetPassword(ctx, u.ID, pw)
		}
	case "set-role":
		var r auth.Role
		if r, err = auth.ParseRole(role); err == nil {
			err = svc.SetRole(ctx, u.ID, r)
		}
	case "set-scope":
		err = svc.SetScope(ctx, u.ID, scope)
	case "end-sessions":
		var n int64
		if n, err = svc.EndSessions(ctx, u.ID); err == nil {
			env.printf("ended %d session(s)\n", n)
		}
	case "reset-2fa":
		err = svc.DisableTOTP(ctx, u.ID)
	case "link-oidc":
		err = svc.LinkOIDCSubject(ctx, u.ID, subject)
	}
	if err != nil {
		env.errorf("volwaardig user %s: %v\n", sub, err)
		return ExitBadInput
	}
	env.printf("%s: done for %s\n", sub, name)
	return ExitOK
}

func roleList() []string {
	var out []string
	for _, r := range auth.AllRoles() {
		out = append(out, string(r))
	}
	return out
}

func parseScope(regions, orgIDs, locIDs, teamIDs string) (auth.Scope, error) {
	var sc auth.Scope
	for _, r := range strings.Split(regions, ",") {
		if r = strings.TrimSpace(r); r != "" {
			sc.Regions = append(sc.Regions, r)
		}
	}
	for _, x := range []struct {
		flag string
		in   string
		out  *[]int64
	}{{"organisations", orgIDs, &sc.Organisations}, {"locations", locIDs, &sc.Locations}, {"teams", teamIDs, &sc.Teams}} {
		for _, s := range strings.Split(x.in, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n <= 0 {
				return sc, fmt.Errorf("--%s: %q is not an id", x.flag, s)
			}
			*x.out = append(*x.out, n)
		}
	}
	return sc, nil
}

// readPassword reads one line from stdin, so passwords never appear in the
// process list or shell history.
func readPassword(env Env) (string, error) {
	sc := bufio.NewScanner(env.Stdin)
	if !sc.Scan() {
		return "", errors.New("give the password on standard input (one line)")
	}
	return strings.TrimRight(sc.Text(), "\r\n"), nil
}

func listUsers(ctx context.Context, env Env, svc *auth.Service) int {
	users, err := svc.Users(ctx)
	if err != nil {
		env.errorf("volwaardig user list: %v\n", err)
		return ExitOperational
	}
	var tw strings.Builder
	fmt.Fprintln(&tw, "ID\tUSERNAME\tROLE\tSTATUS\t2FA\tSCOPE")
	for _, u := range users {
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		if u.Demo {
			status += ",demo"
		}
		fmt.Fprintf(&tw, "%d\t%s\t%s\t%s\t%v\t%s\n", u.ID, u.Username, u.Role, status, u.TOTPEnabled, scopeString(u.Scope))
	}
	if !env.writeTable("user list", tw.String()) {
		return ExitOperational
	}
	return ExitOK
}

func scopeString(sc auth.Scope) string {
	var parts []string
	if len(sc.Regions) > 0 {
		parts = append(parts, "regions="+strings.Join(sc.Regions, ","))
	}
	ids := func(name string, v []int64) {
		if len(v) == 0 {
			return
		}
		var s []string
		for _, x := range v {
			s = append(s, strconv.FormatInt(x, 10))
		}
		parts = append(parts, name+"="+strings.Join(s, ","))
	}
	ids("organisations", sc.Organisations)
	ids("locations", sc.Locations)
	ids("teams", sc.Teams)
	return strings.Join(parts, " ")
}

var tokenSubs = [][2]string{
	{"create", "create an API or device token for a user; prints the secret once"},
	{"list", "list tokens"},
	{"revoke", "revoke a token by id"},
}

func runToken(env Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) == 0 {
			subUsage(env.Stderr, "token", tokenSubs)
			return ExitUsage
		}
		subUsage(env.Stdout, "token", tokenSubs)
		return ExitOK
	}
	sub, rest := args[0], args[1:]
	var sf serverFlags
	var fs *flag.FlagSet
	var kind, name string
	var ttl time.Duration
	switch sub {
	case "create":
		fs = newFlagSet(env, "token create", "token create [flags] USERNAME")
		fs.StringVar(&kind, "kind", "api", "token kind: api or device")
		fs.StringVar(&name, "name", "", "what the token is for (required)")
		fs.DurationVar(&ttl, "ttl", 0, "lifetime, e.g. 2160h; 0 = until revoked")
	case "list":
		fs = newFlagSet(env, "token list", "token list [flags] [USERNAME]")
	case "revoke":
		fs = newFlagSet(env, "token revoke", "token revoke [flags] TOKEN-ID")
	default:
		env.errorf("volwaardig token: unknown subcommand %q\n", sub)
		return ExitUsage
	}
	sf.registerDB(fs, env)
	pos, code, ok := parseFlags(fs, rest)
	if !ok {
		return code
	}
	if (sub != "list" && len(pos) != 1) || len(pos) > 1 {
		env.errorf("volwaardig token %s: wrong number of arguments\n", sub)
		fs.Usage()
		return ExitUsage
	}
	if sub == "create" && name == "" {
		env.errorln("volwaardig token create: --name is required")
		return ExitUsage
	}
	var revokeID int64
	if sub == "revoke" {
		var err error
		if revokeID, err = strconv.ParseInt(pos[0], 10, 64); err != nil {
			env.errorf("volwaardig token revoke: %q is not a token id\n", pos[0])
			return ExitUsage
		}
	}
	svc, closeFn, code := openAuth(env, &sf)
	if svc == nil {
		return code
	}
	defer closeFn()
	ctx := env.Ctx
	switch sub {
	case "create", "list":
		var uid int64
		if len(pos) == 1 {
			u, err := svc.UserByName(ctx, pos[0])
			if err != nil {
				env.errorf("volwaardig token %s: no user %q\n", sub, pos[0])
				return ExitBadInput
			}
			uid = u.ID
		}
		if sub == "create" {
			id, secret, err := svc.CreateToken(ctx, uid, name, kind, ttl)
			if err != nil {
				env.errorf("volwaardig token create: %v\n", err)
				return ExitBadInput
			}
			env.errorf("token %d created; the secret is shown once:\n", id)
			if !env.writeOutput("token create", secret+"\n") {
				// The secret is shown once; unread, the token is of no use
				// to anyone, so it is revoked rather than left active.
				if err := svc.RevokeToken(ctx, id); err != nil {
					env.errorf("volwaardig token create: token %d could not be revoked, revoke it by hand: %v\n", id, err)
				}
				return ExitOperational
			}
			return ExitOK
		}
		toks, err := svc.Tokens(ctx, uid)
		if err != nil {
			env.errorf("volwaardig token list: %v\n", err)
			return ExitOperational
		}
		var tw strings.Builder
		fmt.Fprintln(&tw, "ID\tUSER\tKIND\tNAME\tCREATED\tSTATUS")
		for _, t := range toks {
			status := "active"
			if t.RevokedAt != nil {
				status = "revoked"
			} else if t.ExpiresAt != nil && !t.ExpiresAt.After(time.Now()) {
				status = "expired"
			}
			fmt.Fprintf(&tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Username, t.Kind, t.Name, t.CreatedAt.Format(time.RFC3339), status)
		}
		if !env.writeTable("token list", tw.String()) {
			return ExitOperational
		}
		return ExitOK
	}
	if err := svc.RevokeToken(ctx, revokeID); err != nil {
		env.errorf("volwaardig token revoke: token %d: %v\n", revokeID, err)
		return ExitBadInput
	}
	env.printf("token %d revoked\n", revokeID)
	return ExitOK
}

// contactFlagHelp says, per flag, what a right value looks like.
var contactFlagHelp = map[string]string{
	"phone": "not a phone number; write it as people do, e.g. 030 234 5601, 06 1234 5678 or +31 30 234 5601",
	"email": "not an e-mail address; write one plain address, e.g. name@organisation.nl",
}
