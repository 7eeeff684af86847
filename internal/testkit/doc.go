// Package testkit holds what the tests of several packages need alike: the
// reference-data locator, an in-memory audit recorder and the small world
// of regions, organisations and locations most module tests start from.
//
// It is compiled into normal packages but only tests import it, and it
// imports platform packages only (db, auth, audit, orgs), so any module's
// tests can use it without an import pointing up or sideways.
package testkit
