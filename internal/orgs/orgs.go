// Package orgs holds the shared reference data every module places people
// and records in: the 31 care-office (zorgkantoor) regions, care providers
// and their locations. It is platform data, not personal data.
package orgs

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"io/fs"
	"strings"

	"github.com/volwaardig/volwaardig/internal/db"
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations returns the schema of regions, organisations and locations.
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationsFS, "migrations")
	return db.Migrations{Module: "orgs", FS: sub}
}

// Region is a care-office region.
type Region struct {
	Code     string
	Name     string
	Lat, Lon float64
}

// Organisation is a care provider (or another organisation with accounts).
// The codes are how the care office's iWlz systems and the provider's own
// records know it, so an import can be matched and a professional can
// check they have the right one; each is empty when not known.
type Organisation struct {
	ID     int64
	Name   string
	Kind   string // "aanbieder", "zorgkantoor", "cot", "ondersteuning"
	Region string
	AGB    string // AGB code (providers): 8 digits
	UZOVI  string // UZOVI code (care offices): 4 digits
	KvK    string // KvK number: 8 digits
}

// Location is a provider's location where people live or receive care.
type Location struct {
	ID             int64
	OrganisationID int64
	Name           string
	Region         string
	City           string
	Lat, Lon       float64
}

// Store reads and writes the reference data.
type Store struct{ db *db.DB }

// NewStore makes a store.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Regions lists all regions by code.
func (s *Store) Regions(ctx context.Context) ([]Region, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, name, lat, lon FROM regions ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.Code, &r.Name, &r.Lat, &r.Lon); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddRegion inserts a region, or leaves an existing one as it is.
func (s *Store) AddRegion(ctx context.Context, q db.Querier, r Region) error {
	_, err := q.ExecContext(ctx, `INSERT INTO regions (code, name, lat, lon) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`, r.Code, r.Name, r.Lat, r.Lon)
	return err
}

// AddOrganisation inserts an organisation and returns its id. Its codes
// are normalised and checked first (CheckCodes); a wrong code is refused.
func (s *Store) AddOrganisation(ctx context.Context, q db.Querier, o Organisation) (int64, error) {
	o = o.Normalised()
	if errs := o.CheckCodes(); len(errs) > 0 {
		return 0, errs
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO organisations (name, kind, region_code, agb, uzovi, kvk) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		o.Name, o.Kind, o.Region, o.AGB, o.UZOVI, o.KvK).Scan(&id)
	return id, err
}

// SetCodes replaces an organisation's AGB, UZOVI and KvK codes, checked
// like AddOrganisation. It reports sql.ErrNoRows for an unknown id.
func (s *Store) SetCodes(ctx context.Context, q db.Querier, id int64, agb, uzovi, kvk string) error {
	o := Organisation{AGB: agb, UZOVI: uzovi, KvK: kvk}.Normalised()
	if err := q.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, id).Scan(&o.Kind); err != nil {
		return err
	}
	if errs := o.CheckCodes(); len(errs) > 0 {
		return errs
	}
	res, err := q.ExecContext(ctx, `UPDATE organisations SET agb = $1, uzovi = $2, kvk = $3 WHERE id = $4`, o.AGB, o.UZOVI, o.KvK, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return sql.ErrNoRows
	}
	return nil
}

// Organisation reads one organisation by id (sql.ErrNoRows when unknown).
func (s *Store) Organisation(ctx context.Context, id int64) (Organisation, error) {
	var o Organisation
	err := s.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`, id).
		Scan(&o.ID, &o.Name, &o.Kind, &o.Region, &o.AGB, &o.UZOVI, &o.KvK)
	return o, err
}

// OrganisationByCode finds an organisation by its AGB or UZOVI code, as an
// import from a care office's register names it. A UZOVI code several care
// offices share finds the first by name; sql.ErrNoRows when none has it.
func (s *Store) OrganisationByCode(ctx context.Context, code string) (Organisation, error) {
	c := strings.TrimSpace(code)
	if c == "" {
		return Organisation{}, sql.ErrNoRows
	}
	var o Organisation
	err := s.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE agb = $1 OR uzovi = $1 ORDER BY name, id LIMIT 1`, c).
		Scan(&o.ID, &o.Name, &o.Kind, &o.Region, &o.AGB, &o.UZOVI, &o.KvK)
	return o, err
}

const orgColumns = `id, name, kind, region_code, agb, uzovi, kvk`

// AddLocation inserts a location and returns its id.
func (s *Store) AddLocation(ctx context.Context, q db.Querier, l Location) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO locations (organisation_id, name, region_code, city, lat, lon) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		l.OrganisationID, l.Name, l.Region, l.City, l.Lat, l.Lon).Scan(&id)
	return id, err
}

// Organisations lists organisations, optionally of one kind.
func (s *Store) Organisations(ctx context.Context, kind string) ([]Organisation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE $1 = '' OR kind = $1 ORDER BY name`, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		var o Organisation
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.Region, &o.AGB, &o.UZOVI, &o.KvK); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Locations lists the locations of an organisation (all when orgID is 0).
func (s *Store) Locations(ctx context.Context, orgID int64) ([]Location, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, organisation_id, name, region_code, city, lat, lon FROM locations WHERE $1 = 0 OR organisation_id = $1 ORDER BY name`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Location
	for rows.Next() {
		var l Location
		if err := rows.Scan(&l.ID, &l.OrganisationID, &l.Name, &l.Region, &l.City, &l.Lat, &l.Lon); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Label is how a region is shown to people: its name with its code,
// "Utrecht (ZK11)". Users know their region by name; the code is what the
// care office's own systems and the exports use, so both are shown.
func (r Region) Label() string {
	if r.Name == "" {
		return r.Code
	}
	return r.Name + " (" + r.Code + ")"
}

// RegionName returns the name of a care-office region by its code, or ""
// for a code that is not one of the 31.
func RegionName(code string) string {
	for _, r := range CareOfficeRegions() {
		if r.Code == code {
			return r.Name
		}
	}
	return ""
}

// RegionLabel returns a region code as shown to people, "Utrecht (ZK11)";
// a code that is not one of the 31 is shown as it is, so nothing stored is
// ever hidden.
func RegionLabel(code string) string {
	return Region{Code: code, Name: RegionName(code)}.Label()
}

// CareOfficeRegions are the 31 Wlz care-office regions with an approximate
// centre, used by the demo data and for distances when a location has no
// coordinates of its own.
func CareOfficeRegions() []Region {
	return []Region{
		{"ZK01", "Groningen", 53.22, 6.57}, {"ZK02", "Friesland", 53.10, 5.80}, {"ZK03", "Drenthe", 52.90, 6.60},
		{"ZK04", "Twente", 52.30, 6.75}, {"ZK05", "Zwolle", 52.52, 6.09}, {"ZK06", "Midden-IJssel", 52.25, 6.20},
		{"ZK07", "Apeldoorn, Zutphen e.o.", 52.20, 6.00}, {"ZK08", "Arnhem", 51.98, 5.91}, {"ZK09", "Nijmegen", 51.84, 5.86},
		{"ZK10", "Flevoland", 52.52, 5.47}, {"ZK11", "Utrecht", 52.09, 5.12}, {"ZK12", "Amersfoort", 52.16, 5.39},
		{"ZK13", "Noord-Holland Noord", 52.75, 4.85}, {"ZK14", "Kennemerland", 52.38, 4.64}, {"ZK15", "Zaanstreek/Waterland", 52.46, 4.86},
		{"ZK16", "Amsterdam", 52.37, 4.90}, {"ZK17", "'t Gooi", 52.25, 5.17}, {"ZK18", "Zuid-Holland Noord", 52.16, 4.49},
		{"ZK19", "Haaglanden", 52.07, 4.30}, {"ZK20", "Delft Westland Oostland", 52.01, 4.36}, {"ZK21", "Midden-Holland", 52.01, 4.71},
		{"ZK22", "Rotterdam", 51.92, 4.48}, {"ZK23", "Waardenland", 51.83, 4.97}, {"ZK24", "Zuid-Hollandse Eilanden", 51.80, 4.30},
		{"ZK25", "Zeeland", 51.50, 3.85}, {"ZK26", "West-Brabant", 51.59, 4.78}, {"ZK27", "Midden-Brabant", 51.56, 5.09},
		{"ZK28", "Noordoost-Brabant", 51.70, 5.30}, {"ZK29", "Zuidoost-Brabant", 51.44, 5.48}, {"ZK30", "Noord- en Midden-Limburg", 51.37, 6.17},
		{"ZK31", "Zuid-Limburg", 50.85, 5.69},
	}
}

// LocationOrganisation returns the organisation a location belongs to (0
// when the location does not exist), so a module that registers something
// at a location files it under the right organisation.
func (s *Store) LocationOrganisation(ctx context.Context, locationID int64) (int64, error) {
	var org int64
	err := s.db.QueryRowContext(ctx, `SELECT organisation_id FROM locations WHERE id = $1`, locationID).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return org, err
}

// Names returns the names of the organisations with the given ids; an id
// that does not exist is left out.
func (s *Store) Names(ctx context.Context, ids []int64) (map[int64]string, error) {
	return db.NamesByID(ctx, s.db, `SELECT id, name FROM organisations WHERE id IN (%s)`, ids)
}

// HomeRegion is the care-office region of a location, or else of an
// organisation ("" when neither is known): the region a form preselects
// for someone who works there.
func (s *Store) HomeRegion(ctx context.Context, locationID, organisationID int64) (string, error) {
	var region string
	if locationID > 0 {
		err := s.db.QueryRowContext(ctx, `SELECT region_code FROM locations WHERE id = $1`, locationID).Scan(&region)
		if err == nil {
			return region, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	if organisationID > 0 {
		err := s.db.QueryRowContext(ctx, `SELECT region_code FROM organisations WHERE id = $1`, organisationID).Scan(&region)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	return region, nil
}

// ByIDs returns the organisations with the given ids, one query per 500 ids
// (not one per row), inside the caller's transaction when q is one; an id
// that does not exist is left out. Modules name providers on their records
// through it instead of joining the organisations table (DESIGN §3).
func (s *Store) ByIDs(ctx context.Context, q db.Querier, ids []int64) (map[int64]Organisation, error) {
	out := make(map[int64]Organisation, len(ids))
	err := db.QueryByIDs(ctx, q, `SELECT `+orgColumns+` FROM organisations WHERE id IN (%s)`, ids, func(r db.Scanner) error {
		var o Organisation
		if err := r.Scan(&o.ID, &o.Name, &o.Kind, &o.Region, &o.AGB, &o.UZOVI, &o.KvK); err != nil {
			return err
		}
		out[o.ID] = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RegionExists reports whether a care-office region with this code is in
// the reference data, inside the caller's transaction when q is one.
func (s *Store) RegionExists(ctx context.Context, q db.Querier, code string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, code).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}
