package auth

import "context"

// AccountEvent is a change to an account, for the audit trail (NEN 7513:
// who changed whose role, scope, password, second factor). It carries ids
// and a change code only: never a password, a secret or a name beyond the
// audit fields.
type AccountEvent struct {
	// Actor made the change; nil from the command line.
	Actor *Principal
	// Change is a code such as "account.role".
	Change string
	// UserID is the account changed.
	UserID int64
	// OK is false when the change was refused or failed.
	OK bool
}

// AccountAuditor records account events; the application wires the audit
// log in. It is a function rather than the audit package itself because
// audit sits above auth.
type AccountAuditor func(ctx context.Context, ev AccountEvent)

// auditAccount records a change to userID made by the principal of ctx.
func (s *Service) auditAccount(ctx context.Context, change string, userID int64, err error) {
	if s.Audit == nil {
		return
	}
	s.Audit(ctx, AccountEvent{Actor: FromContext(ctx), Change: change, UserID: userID, OK: err == nil})
}
