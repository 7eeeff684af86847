// Package placement is the complexe-zorg module (DESIGN §2.1): the regional
// register of people with a very complex care need ("in beeld"), the places
// that could take them (maatwerkplekken and regular places), an explained
// ranking of places for one person, an exact batch proposal for a region or
// the country, proposals that the person, family and provider answer, the
// regional table's agenda with escalation to the national table, and the gap
// analysis that specifies new maatwerkplekken.
//
// The domain rules (profiles, statuses, the lifecycle's transition table,
// matching, batch costs, decline consequences, agenda and gap analysis) are
// pure and live in files of their own. Every SQL statement is a method on
// the one store type, in the store*.go files (store.go: cases, places,
// holds, proposals, runs and their history; store_cases.go and
// store_places.go: the service's, job's, handover's and demo's updates), so
// the rest reads as rules and the queries can be reviewed in one place.
// The store joins no platform table: client names and birth dates come from
// clients.Directory, organisation names and codes and the regions and
// locations from orgs.Store, one look-up per list. service.go holds the
// operations in transactions, the handlers the pages and the JSON API.
// TestNoPlatformTablesInPlacementSQL and TestSQLOnlyInStoreFiles keep it so.
//
// casework.go is how the care office works on a case day to day: edited
// fields with their history, notes, consults with the CCE or an expertise
// centre, follow-ups in words; all of it is in the client's right-of-access
// export (see casework.go for why the notes are too).
package placement
