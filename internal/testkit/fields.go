package testkit

import (
	"slices"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web"
)

// ErrorsAtFields fails when an error names no field of the form or has no
// message: a mistake the page cannot show at its input. The form decoders'
// fuzz tests check every error they get with it.
func ErrorsAtFields(t testing.TB, errs []web.FieldError, fields ...string) {
	t.Helper()
	for _, e := range errs {
		if !slices.Contains(fields, e.Field) || e.Message == "" {
			t.Fatalf("error %+v names no field of %v", e, fields)
		}
	}
}

// BilingualErrorsAtFields is ErrorsAtFields for the forms whose every
// message has English: it fails too on an error without it, which the
// English page would show in Dutch.
func BilingualErrorsAtFields(t testing.TB, errs []web.FieldError, fields ...string) {
	t.Helper()
	ErrorsAtFields(t, errs, fields...)
	for _, e := range errs {
		if e.English == "" {
			t.Fatalf("error %+v has no English", e)
		}
	}
}
