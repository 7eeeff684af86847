package orgs

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The twelve provinces, by their official names.
const (
	Groningen     = "Groningen"
	Fryslan       = "Fryslân"
	Drenthe       = "Drenthe"
	Overijssel    = "Overijssel"
	Flevoland     = "Flevoland"
	Gelderland    = "Gelderland"
	Utrecht       = "Utrecht"
	NoordHolland  = "Noord-Holland"
	ZuidHolland   = "Zuid-Holland"
	Zeeland       = "Zeeland"
	NoordBrabant  = "Noord-Brabant"
	Limburg       = "Limburg"
	municipalYear = 2025
)

// Municipality is a Dutch municipality (gemeente). A place or a family's
// home is given by its municipality chosen from this list, so nobody types
// coordinates: the centre is what distances are computed from.
type Municipality struct {
	Code     string // CBS code, "GM0363"
	Name     string // CBS name; "Bergen (NH.)" and "Bergen (L.)" are two
	Province string
	Lat, Lon float64 // approximate centre (main town), two decimals
	Region   string  // Wlz care-office region (zorgkantoorregio), ZK01..ZK31
	// Unchecked marks an entry whose care-office region was written from
	// memory at a border between regions and not checked against the
	// published indeling; the code, name and province are checked against
	// the CBS list. Centres are approximations everywhere (a few km).
	Unchecked bool
}

// MunicipalityYear is the year of the municipal division the list follows.
func MunicipalityYear() int { return municipalYear }

// Municipalities returns every municipality of the Netherlands as of
// 1 January 2025, sorted by name: 342 gemeenten (CBS, "Gemeentelijke
// indeling op 1 januari 2025"). The care-office region follows the
// Zorginstituut/Zorgverzekeraars Nederland indeling in 31
// zorgkantoorregio's (2025), numbered as in CareOfficeRegions. Written from
// public knowledge without a download: the codes and names were compared
// with a published municipality list; centres are the main town's position
// to two decimals; entries marked Unchecked have a region assignment that
// should be checked against the ZN table before it is relied on for
// anything but a default.
func Municipalities() []Municipality {
	const x = true // unchecked region
	list := []Municipality{
		// Groningen (10), all in care-office region Groningen.
		{"GM1979", "Eemsdelta", Groningen, 53.32, 6.86, "ZK01", false},
		{"GM0014", "Groningen", Groningen, 53.22, 6.57, "ZK01", false},
		{"GM1966", "Het Hogeland", Groningen, 53.37, 6.58, "ZK01", false},
		{"GM1952", "Midden-Groningen", Groningen, 53.16, 6.76, "ZK01", false},
		{"GM1895", "Oldambt", Groningen, 53.15, 7.04, "ZK01", false},
		{"GM0765", "Pekela", Groningen, 53.10, 7.00, "ZK01", false},
		{"GM0037", "Stadskanaal", Groningen, 52.99, 6.95, "ZK01", false},
		{"GM0047", "Veendam", Groningen, 53.11, 6.88, "ZK01", false},
		{"GM1969", "Westerkwartier", Groningen, 53.21, 6.37, "ZK01", false},
		{"GM1950", "Westerwolde", Groningen, 53.00, 7.10, "ZK01", false},

		// Fryslân (18), region Friesland.
		{"GM0059", "Achtkarspelen", Fryslan, 53.21, 6.14, "ZK02", false},
		{"GM0060", "Ameland", Fryslan, 53.45, 5.77, "ZK02", false},
		{"GM1891", "Dantumadiel", Fryslan, 53.29, 5.99, "ZK02", false},
		{"GM1940", "De Fryske Marren", Fryslan, 52.93, 5.72, "ZK02", false},
		{"GM0072", "Harlingen", Fryslan, 53.17, 5.42, "ZK02", false},
		{"GM0074", "Heerenveen", Fryslan, 52.96, 5.92, "ZK02", false},
		{"GM0080", "Leeuwarden", Fryslan, 53.20, 5.80, "ZK02", false},
		{"GM1970", "Noardeast-Fryslân", Fryslan, 53.33, 6.00, "ZK02", false},
		{"GM0085", "Ooststellingwerf", Fryslan, 52.99, 6.29, "ZK02", false},
		{"GM0086", "Opsterland", Fryslan, 53.04, 6.07, "ZK02", false},
		{"GM0088", "Schiermonnikoog", Fryslan, 53.48, 6.16, "ZK02", false},
		{"GM0090", "Smallingerland", Fryslan, 53.11, 6.09, "ZK02", false},
		{"GM1900", "Súdwest-Fryslân", Fryslan, 53.03, 5.66, "ZK02", false},
		{"GM0093", "Terschelling", Fryslan, 53.40, 5.34, "ZK02", false},
		{"GM0737", "Tytsjerksteradiel", Fryslan, 53.19, 5.99, "ZK02", false},
		{"GM0096", "Vlieland", Fryslan, 53.30, 5.07, "ZK02", false},
		{"GM1949", "Waadhoeke", Fryslan, 53.20, 5.55, "ZK02", false},
		{"GM0098", "Weststellingwerf", Fryslan, 52.88, 5.99, "ZK02", false},

		// Drenthe (12), region Drenthe.
		{"GM1680", "Aa en Hunze", Drenthe, 53.01, 6.75, "ZK03", false},
		{"GM0106", "Assen", Drenthe, 52.99, 6.56, "ZK03", false},
		{"GM1681", "Borger-Odoorn", Drenthe, 52.92, 6.82, "ZK03", false},
		{"GM0109", "Coevorden", Drenthe, 52.66, 6.74, "ZK03", false},
		{"GM1690", "De Wolden", Drenthe, 52.68, 6.40, "ZK03", false},
		{"GM0114", "Emmen", Drenthe, 52.79, 6.90, "ZK03", false},
		{"GM0118", "Hoogeveen", Drenthe, 52.72, 6.48, "ZK03", false},
		{"GM0119", "Meppel", Drenthe, 52.70, 6.19, "ZK03", false},
		{"GM1731", "Midden-Drenthe", Drenthe, 52.86, 6.51, "ZK03", false},
		{"GM1699", "Noordenveld", Drenthe, 53.12, 6.42, "ZK03", false},
		{"GM1730", "Tynaarlo", Drenthe, 53.09, 6.62, "ZK03", false},
		{"GM1701", "Westerveld", Drenthe, 52.84, 6.27, "ZK03", false},

		// Overijssel (25): Twente, Zwolle and Midden-IJssel (Deventer).
		{"GM0141", "Almelo", Overijssel, 52.36, 6.66, "ZK04", false},
		{"GM0147", "Borne", Overijssel, 52.30, 6.75, "ZK04", false},
		{"GM0148", "Dalfsen", Overijssel, 52.51, 6.26, "ZK05", false},
		{"GM0150", "Deventer", Overijssel, 52.25, 6.16, "ZK06", false},
		{"GM1774", "Dinkelland", Overijssel, 52.38, 6.95, "ZK04", false},
		{"GM0153", "Enschede", Overijssel, 52.22, 6.89, "ZK04", false},
		{"GM0158", "Haaksbergen", Overijssel, 52.16, 6.74, "ZK04", false},
		{"GM0160", "Hardenberg", Overijssel, 52.58, 6.62, "ZK05", false},
		{"GM0163", "Hellendoorn", Overijssel, 52.37, 6.46, "ZK04", false},
		{"GM0164", "Hengelo", Overijssel, 52.27, 6.79, "ZK04", false},
		{"GM1735", "Hof van Twente", Overijssel, 52.23, 6.59, "ZK04", false},
		{"GM0166", "Kampen", Overijssel, 52.56, 5.91, "ZK05", false},
		{"GM0168", "Losser", Overijssel, 52.26, 7.00, "ZK04", false},
		{"GM1773", "Olst-Wijhe", Overijssel, 52.36, 6.13, "ZK06", false},
		{"GM0173", "Oldenzaal", Overijssel, 52.31, 6.93, "ZK04", false},
		{"GM0175", "Ommen", Overijssel, 52.52, 6.42, "ZK05", false},
		{"GM0177", "Raalte", Overijssel, 52.39, 6.28, "ZK06", false},
		{"GM1742", "Rijssen-Holten", Overijssel, 52.30, 6.52, "ZK04", false},
		{"GM0180", "Staphorst", Overijssel, 52.64, 6.21, "ZK05", false},
		{"GM1708", "Steenwijkerland", Overijssel, 52.79, 6.12, "ZK05", false},
		{"GM0183", "Tubbergen", Overijssel, 52.41, 6.78, "ZK04", false},
		{"GM1700", "Twenterand", Overijssel, 52.44, 6.60, "ZK04", false},
		{"GM0189", "Wierden", Overijssel, 52.36, 6.59, "ZK04", false},
		{"GM1896", "Zwartewaterland", Overijssel, 52.61, 6.07, "ZK05", false},
		{"GM0193", "Zwolle", Overijssel, 52.51, 6.09, "ZK05", false},

		// Flevoland (6), region Flevoland.
		{"GM0034", "Almere", Flevoland, 52.37, 5.22, "ZK10", false},
		{"GM0303", "Dronten", Flevoland, 52.52, 5.72, "ZK10", false},
		{"GM0995", "Lelystad", Flevoland, 52.52, 5.47, "ZK10", false},
		{"GM0171", "Noordoostpolder", Flevoland, 52.71, 5.76, "ZK10", false},
		{"GM0184", "Urk", Flevoland, 52.66, 5.60, "ZK10", false},
		{"GM0050", "Zeewolde", Flevoland, 52.33, 5.54, "ZK10", false},

		// Gelderland (51): Apeldoorn/Zutphen, Arnhem, Nijmegen, and parts
		// that border Zwolle and Amersfoort.
		{"GM0197", "Aalten", Gelderland, 51.93, 6.58, "ZK08", x},
		{"GM0200", "Apeldoorn", Gelderland, 52.21, 5.97, "ZK07", false},
		{"GM0202", "Arnhem", Gelderland, 51.98, 5.91, "ZK08", false},
		{"GM0203", "Barneveld", Gelderland, 52.14, 5.58, "ZK08", x},
		{"GM1945", "Berg en Dal", Gelderland, 51.80, 5.93, "ZK09", false},
		{"GM1859", "Berkelland", Gelderland, 52.11, 6.55, "ZK08", x},
		{"GM0209", "Beuningen", Gelderland, 51.86, 5.77, "ZK09", false},
		{"GM1876", "Bronckhorst", Gelderland, 52.05, 6.30, "ZK08", x},
		{"GM0213", "Brummen", Gelderland, 52.09, 6.16, "ZK07", false},
		{"GM0214", "Buren", Gelderland, 51.91, 5.33, "ZK09", x},
		{"GM0216", "Culemborg", Gelderland, 51.96, 5.23, "ZK09", x},
		{"GM0221", "Doesburg", Gelderland, 52.01, 6.14, "ZK08", false},
		{"GM0222", "Doetinchem", Gelderland, 51.97, 6.29, "ZK08", x},
		{"GM0225", "Druten", Gelderland, 51.89, 5.61, "ZK09", false},
		{"GM0226", "Duiven", Gelderland, 51.95, 6.02, "ZK08", false},
		{"GM0228", "Ede", Gelderland, 52.04, 5.67, "ZK08", x},
		{"GM0230", "Elburg", Gelderland, 52.45, 5.83, "ZK05", x},
		{"GM0232", "Epe", Gelderland, 52.35, 5.98, "ZK07", false},
		{"GM0233", "Ermelo", Gelderland, 52.30, 5.62, "ZK07", x},
		{"GM0243", "Harderwijk", Gelderland, 52.34, 5.62, "ZK07", x},
		{"GM0244", "Hattem", Gelderland, 52.48, 6.06, "ZK05", x},
		{"GM0246", "Heerde", Gelderland, 52.39, 6.04, "ZK07", x},
		{"GM0252", "Heumen", Gelderland, 51.77, 5.83, "ZK09", false},
		{"GM1705", "Lingewaard", Gelderland, 51.91, 5.92, "ZK08", false},
		{"GM0262", "Lochem", Gelderland, 52.16, 6.41, "ZK07", x},
		{"GM0263", "Maasdriel", Gelderland, 51.77, 5.33, "ZK09", x},
		{"GM1955", "Montferland", Gelderland, 51.91, 6.18, "ZK08", x},
		{"GM1740", "Neder-Betuwe", Gelderland, 51.93, 5.59, "ZK09", x},
		{"GM0267", "Nijkerk", Gelderland, 52.22, 5.49, "ZK12", x},
		{"GM0268", "Nijmegen", Gelderland, 51.84, 5.86, "ZK09", false},
		{"GM0302", "Nunspeet", Gelderland, 52.38, 5.79, "ZK07", x},
		{"GM0269", "Oldebroek", Gelderland, 52.44, 5.90, "ZK05", x},
		{"GM1586", "Oost Gelre", Gelderland, 52.00, 6.57, "ZK08", x},
		{"GM1509", "Oude IJsselstreek", Gelderland, 51.89, 6.38, "ZK08", x},
		{"GM1734", "Overbetuwe", Gelderland, 51.92, 5.82, "ZK08", false},
		{"GM0273", "Putten", Gelderland, 52.26, 5.61, "ZK07", x},
		{"GM0274", "Renkum", Gelderland, 51.98, 5.79, "ZK08", false},
		{"GM0275", "Rheden", Gelderland, 52.01, 6.03, "ZK08", false},
		{"GM0277", "Rozendaal", Gelderland, 52.01, 5.96, "ZK08", false},
		{"GM0279", "Scherpenzeel", Gelderland, 52.08, 5.49, "ZK08", x},
		{"GM0281", "Tiel", Gelderland, 51.89, 5.43, "ZK09", x},
		{"GM0285", "Voorst", Gelderland, 52.22, 6.10, "ZK07", false},
		{"GM0289", "Wageningen", Gelderland, 51.97, 5.67, "ZK08", x},
		{"GM1960", "West Betuwe", Gelderland, 51.87, 5.23, "ZK09", x},
		{"GM0668", "West Maas en Waal", Gelderland, 51.87, 5.50, "ZK09", false},
		{"GM0293", "Westervoort", Gelderland, 51.96, 5.97, "ZK08", false},
		{"GM0296", "Wijchen", Gelderland, 51.81, 5.73, "ZK09", false},
		{"GM0294", "Winterswijk", Gelderland, 51.97, 6.72, "ZK08", x},
		{"GM0297", "Zaltbommel", Gelderland, 51.81, 5.25, "ZK09", x},
		{"GM0299", "Zevenaar", Gelderland, 51.93, 6.08, "ZK08", false},
		{"GM0301", "Zutphen", Gelderland, 52.14, 6.20, "ZK07", false},

		// Utrecht (26): Utrecht and Amersfoort; Eemnes with 't Gooi.
		{"GM0307", "Amersfoort", Utrecht, 52.16, 5.39, "ZK12", false},
		{"GM0308", "Baarn", Utrecht, 52.21, 5.29, "ZK12", false},
		{"GM0312", "Bunnik", Utrecht, 52.07, 5.20, "ZK11", false},
		{"GM0313", "Bunschoten", Utrecht, 52.24, 5.38, "ZK12", false},
		{"GM0310", "De Bilt", Utrecht, 52.11, 5.18, "ZK11", false},
		{"GM0736", "De Ronde Venen", Utrecht, 52.22, 4.89, "ZK11", x},
		{"GM0317", "Eemnes", Utrecht, 52.25, 5.26, "ZK17", x},
		{"GM0321", "Houten", Utrecht, 52.03, 5.17, "ZK11", false},
		{"GM0353", "IJsselstein", Utrecht, 52.02, 5.04, "ZK11", false},
		{"GM0327", "Leusden", Utrecht, 52.13, 5.43, "ZK12", false},
		{"GM0331", "Lopik", Utrecht, 51.97, 4.95, "ZK11", false},
		{"GM0335", "Montfoort", Utrecht, 52.05, 4.95, "ZK11", false},
		{"GM0356", "Nieuwegein", Utrecht, 52.03, 5.09, "ZK11", false},
		{"GM0589", "Oudewater", Utrecht, 52.03, 4.87, "ZK11", false},
		{"GM0339", "Renswoude", Utrecht, 52.07, 5.54, "ZK12", x},
		{"GM0340", "Rhenen", Utrecht, 51.96, 5.57, "ZK12", x},
		{"GM0342", "Soest", Utrecht, 52.17, 5.31, "ZK12", false},
		{"GM1904", "Stichtse Vecht", Utrecht, 52.17, 5.02, "ZK11", false},
		{"GM0344", "Utrecht", Utrecht, 52.09, 5.12, "ZK11", false},
		{"GM1581", "Utrechtse Heuvelrug", Utrecht, 52.04, 5.35, "ZK11", x},
		{"GM0345", "Veenendaal", Utrecht, 52.03, 5.56, "ZK12", x},
		{"GM1961", "Vijfheerenlanden", Utrecht, 51.94, 5.08, "ZK11", x},
		{"GM0352", "Wijk bij Duurstede", Utrecht, 51.97, 5.34, "ZK11", false},
		{"GM0632", "Woerden", Utrecht, 52.09, 4.88, "ZK11", false},
		{"GM0351", "Woudenberg", Utrecht, 52.08, 5.42, "ZK12", x},
		{"GM0355", "Zeist", Utrecht, 52.09, 5.23, "ZK11", false},

		// Noord-Holland (44).
		{"GM0358", "Aalsmeer", NoordHolland, 52.26, 4.76, "ZK16", false},
		{"GM0361", "Alkmaar", NoordHolland, 52.63, 4.75, "ZK13", false},
		{"GM0362", "Amstelveen", NoordHolland, 52.30, 4.86, "ZK16", false},
		{"GM0363", "Amsterdam", NoordHolland, 52.37, 4.90, "ZK16", false},
		{"GM0373", "Bergen (NH.)", NoordHolland, 52.67, 4.70, "ZK13", false},
		{"GM0375", "Beverwijk", NoordHolland, 52.49, 4.66, "ZK14", false},
		{"GM0376", "Blaricum", NoordHolland, 52.27, 5.24, "ZK17", false},
		{"GM0377", "Bloemendaal", NoordHolland, 52.40, 4.62, "ZK14", false},
		{"GM0383", "Castricum", NoordHolland, 52.55, 4.67, "ZK13", false},
		{"GM0400", "Den Helder", NoordHolland, 52.96, 4.76, "ZK13", false},
		{"GM0384", "Diemen", NoordHolland, 52.34, 4.96, "ZK16", false},
		{"GM1980", "Dijk en Waard", NoordHolland, 52.68, 4.83, "ZK13", false},
		{"GM0498", "Drechterland", NoordHolland, 52.68, 5.17, "ZK13", false},
		{"GM0385", "Edam-Volendam", NoordHolland, 52.51, 5.05, "ZK15", false},
		{"GM0388", "Enkhuizen", NoordHolland, 52.70, 5.29, "ZK13", false},
		{"GM1942", "Gooise Meren", NoordHolland, 52.29, 5.13, "ZK17", false},
		{"GM0392", "Haarlem", NoordHolland, 52.38, 4.64, "ZK14", false},
		{"GM0394", "Haarlemmermeer", NoordHolland, 52.30, 4.69, "ZK14", x},
		{"GM0396", "Heemskerk", NoordHolland, 52.51, 4.67, "ZK14", false},
		{"GM0397", "Heemstede", NoordHolland, 52.35, 4.62, "ZK14", false},
		{"GM0399", "Heiloo", NoordHolland, 52.60, 4.70, "ZK13", false},
		{"GM0402", "Hilversum", NoordHolland, 52.22, 5.18, "ZK17", false},
		{"GM1911", "Hollands Kroon", NoordHolland, 52.85, 4.95, "ZK13", false},
		{"GM0405", "Hoorn", NoordHolland, 52.64, 5.06, "ZK13", false},
		{"GM0406", "Huizen", NoordHolland, 52.30, 5.24, "ZK17", false},
		{"GM1598", "Koggenland", NoordHolland, 52.62, 4.97, "ZK13", false},
		{"GM0415", "Landsmeer", NoordHolland, 52.43, 4.92, "ZK15", false},
		{"GM0417", "Laren", NoordHolland, 52.25, 5.23, "ZK17", false},
		{"GM0420", "Medemblik", NoordHolland, 52.74, 5.07, "ZK13", false},
		{"GM0431", "Oostzaan", NoordHolland, 52.44, 4.88, "ZK15", false},
		{"GM0432", "Opmeer", NoordHolland, 52.71, 4.95, "ZK13", false},
		{"GM0437", "Ouder-Amstel", NoordHolland, 52.30, 4.92, "ZK16", false},
		{"GM0439", "Purmerend", NoordHolland, 52.50, 4.95, "ZK15", false},
		{"GM0441", "Schagen", NoordHolland, 52.79, 4.80, "ZK13", false},
		{"GM0532", "Stede Broec", NoordHolland, 52.70, 5.23, "ZK13", false},
		{"GM0448", "Texel", NoordHolland, 53.07, 4.80, "ZK13", false},
		{"GM0450", "Uitgeest", NoordHolland, 52.53, 4.71, "ZK14", x},
		{"GM0451", "Uithoorn", NoordHolland, 52.24, 4.83, "ZK16", false},
		{"GM0453", "Velsen", NoordHolland, 52.46, 4.63, "ZK14", false},
		{"GM0852", "Waterland", NoordHolland, 52.45, 5.01, "ZK15", false},
		{"GM1696", "Wijdemeren", NoordHolland, 52.22, 5.10, "ZK17", false},
		{"GM0880", "Wormerland", NoordHolland, 52.49, 4.83, "ZK15", false},
		{"GM0479", "Zaanstad", NoordHolland, 52.45, 4.82, "ZK15", false},
		{"GM0473", "Zandvoort", NoordHolland, 52.37, 4.53, "ZK14", false},

		// Zuid-Holland (50).
		{"GM0482", "Alblasserdam", ZuidHolland, 51.87, 4.66, "ZK23", false},
		{"GM0613", "Albrandswaard", ZuidHolland, 51.86, 4.41, "ZK22", false},
		{"GM0484", "Alphen aan den Rijn", ZuidHolland, 52.13, 4.66, "ZK18", x},
		{"GM0489", "Barendrecht", ZuidHolland, 51.86, 4.53, "ZK22", false},
		{"GM1901", "Bodegraven-Reeuwijk", ZuidHolland, 52.08, 4.75, "ZK21", false},
		{"GM0502", "Capelle aan den IJssel", ZuidHolland, 51.93, 4.58, "ZK22", false},
		{"GM0503", "Delft", ZuidHolland, 52.01, 4.36, "ZK20", false},
		{"GM0505", "Dordrecht", ZuidHolland, 51.81, 4.67, "ZK23", false},
		{"GM1924", "Goeree-Overflakkee", ZuidHolland, 51.75, 4.17, "ZK24", false},
		{"GM0512", "Gorinchem", ZuidHolland, 51.84, 4.97, "ZK23", false},
		{"GM0513", "Gouda", ZuidHolland, 52.01, 4.71, "ZK21", false},
		{"GM0518", "'s-Gravenhage", ZuidHolland, 52.08, 4.31, "ZK19", false},
		{"GM0523", "Hardinxveld-Giessendam", ZuidHolland, 51.83, 4.84, "ZK23", false},
		{"GM0531", "Hendrik-Ido-Ambacht", ZuidHolland, 51.84, 4.64, "ZK23", false},
		{"GM0534", "Hillegom", ZuidHolland, 52.29, 4.58, "ZK18", false},
		{"GM1963", "Hoeksche Waard", ZuidHolland, 51.78, 4.45, "ZK24", x},
		{"GM1884", "Kaag en Braassem", ZuidHolland, 52.20, 4.64, "ZK18", false},
		{"GM0537", "Katwijk", ZuidHolland, 52.20, 4.41, "ZK18", false},
		{"GM0542", "Krimpen aan den IJssel", ZuidHolland, 51.92, 4.60, "ZK22", false},
		{"GM1931", "Krimpenerwaard", ZuidHolland, 51.96, 4.75, "ZK21", false},
		{"GM1621", "Lansingerland", ZuidHolland, 52.00, 4.50, "ZK20", x},
		{"GM0546", "Leiden", ZuidHolland, 52.16, 4.49, "ZK18", false},
		{"GM0547", "Leiderdorp", ZuidHolland, 52.16, 4.53, "ZK18", false},
		{"GM1916", "Leidschendam-Voorburg", ZuidHolland, 52.08, 4.40, "ZK19", false},
		{"GM0553", "Lisse", ZuidHolland, 52.26, 4.56, "ZK18", false},
		{"GM0556", "Maassluis", ZuidHolland, 51.92, 4.25, "ZK22", false},
		{"GM1842", "Midden-Delfland", ZuidHolland, 51.97, 4.30, "ZK20", false},
		{"GM1978", "Molenlanden", ZuidHolland, 51.87, 4.82, "ZK23", false},
		{"GM0569", "Nieuwkoop", ZuidHolland, 52.15, 4.78, "ZK18", x},
		{"GM1930", "Nissewaard", ZuidHolland, 51.84, 4.31, "ZK24", false},
		{"GM0575", "Noordwijk", ZuidHolland, 52.24, 4.45, "ZK18", false},
		{"GM0579", "Oegstgeest", ZuidHolland, 52.18, 4.47, "ZK18", false},
		{"GM0590", "Papendrecht", ZuidHolland, 51.83, 4.69, "ZK23", false},
		{"GM1926", "Pijnacker-Nootdorp", ZuidHolland, 52.02, 4.43, "ZK20", false},
		{"GM0597", "Ridderkerk", ZuidHolland, 51.87, 4.60, "ZK22", false},
		{"GM0603", "Rijswijk", ZuidHolland, 52.04, 4.32, "ZK19", false},
		{"GM0599", "Rotterdam", ZuidHolland, 51.92, 4.48, "ZK22", false},
		{"GM0606", "Schiedam", ZuidHolland, 51.92, 4.40, "ZK22", false},
		{"GM0610", "Sliedrecht", ZuidHolland, 51.82, 4.77, "ZK23", false},
		{"GM1525", "Teylingen", ZuidHolland, 52.22, 4.51, "ZK18", false},
		{"GM0622", "Vlaardingen", ZuidHolland, 51.91, 4.34, "ZK22", false},
		{"GM1992", "Voorne aan Zee", ZuidHolland, 51.87, 4.13, "ZK24", false}, // Brielle, Hellevoetsluis and Westvoorne since 2023
		{"GM0626", "Voorschoten", ZuidHolland, 52.13, 4.45, "ZK18", false},
		{"GM0627", "Waddinxveen", ZuidHolland, 52.04, 4.65, "ZK21", false},
		{"GM0629", "Wassenaar", ZuidHolland, 52.14, 4.40, "ZK19", false},
		{"GM1783", "Westland", ZuidHolland, 52.00, 4.21, "ZK20", false},
		{"GM0637", "Zoetermeer", ZuidHolland, 52.06, 4.49, "ZK19", x},
		{"GM0638", "Zoeterwoude", ZuidHolland, 52.12, 4.50, "ZK18", false},
		{"GM1892", "Zuidplas", ZuidHolland, 52.00, 4.62, "ZK21", false},
		{"GM0642", "Zwijndrecht", ZuidHolland, 51.82, 4.64, "ZK23", false},

		// Zeeland (13), region Zeeland.
		{"GM0654", "Borsele", Zeeland, 51.44, 3.80, "ZK25", false},
		{"GM0664", "Goes", Zeeland, 51.50, 3.89, "ZK25", false},
		{"GM0677", "Hulst", Zeeland, 51.28, 4.05, "ZK25", false},
		{"GM0678", "Kapelle", Zeeland, 51.49, 3.96, "ZK25", false},
		{"GM0687", "Middelburg", Zeeland, 51.50, 3.61, "ZK25", false},
		{"GM1695", "Noord-Beveland", Zeeland, 51.57, 3.78, "ZK25", false},
		{"GM0703", "Reimerswaal", Zeeland, 51.45, 4.07, "ZK25", false},
		{"GM1676", "Schouwen-Duiveland", Zeeland, 51.65, 3.92, "ZK25", false},
		{"GM1714", "Sluis", Zeeland, 51.31, 3.45, "ZK25", false},
		{"GM0715", "Terneuzen", Zeeland, 51.33, 3.83, "ZK25", false},
		{"GM0716", "Tholen", Zeeland, 51.53, 4.22, "ZK25", false},
		{"GM0717", "Veere", Zeeland, 51.55, 3.60, "ZK25", false},
		{"GM0718", "Vlissingen", Zeeland, 51.44, 3.57, "ZK25", false},

		// Noord-Brabant (56).
		{"GM1723", "Alphen-Chaam", NoordBrabant, 51.50, 4.88, "ZK26", false},
		{"GM1959", "Altena", NoordBrabant, 51.77, 4.96, "ZK23", x},
		{"GM0743", "Asten", NoordBrabant, 51.40, 5.75, "ZK29", false},
		{"GM0744", "Baarle-Nassau", NoordBrabant, 51.44, 4.93, "ZK26", false},
		{"GM1724", "Bergeijk", NoordBrabant, 51.32, 5.36, "ZK29", false},
		{"GM0748", "Bergen op Zoom", NoordBrabant, 51.49, 4.29, "ZK26", false},
		{"GM1721", "Bernheze", NoordBrabant, 51.71, 5.52, "ZK28", false},
		{"GM0753", "Best", NoordBrabant, 51.51, 5.39, "ZK29", false},
		{"GM1728", "Bladel", NoordBrabant, 51.37, 5.22, "ZK29", false},
		{"GM0755", "Boekel", NoordBrabant, 51.60, 5.68, "ZK28", false},
		{"GM0757", "Boxtel", NoordBrabant, 51.59, 5.33, "ZK28", false},
		{"GM0758", "Breda", NoordBrabant, 51.59, 4.78, "ZK26", false},
		{"GM1706", "Cranendonck", NoordBrabant, 51.28, 5.58, "ZK29", false},
		{"GM0762", "Deurne", NoordBrabant, 51.46, 5.80, "ZK29", false},
		{"GM0766", "Dongen", NoordBrabant, 51.63, 4.94, "ZK27", false},
		{"GM1719", "Drimmelen", NoordBrabant, 51.69, 4.79, "ZK26", false},
		{"GM0770", "Eersel", NoordBrabant, 51.36, 5.32, "ZK29", false},
		{"GM0772", "Eindhoven", NoordBrabant, 51.44, 5.48, "ZK29", false},
		{"GM0777", "Etten-Leur", NoordBrabant, 51.57, 4.64, "ZK26", false},
		{"GM0779", "Geertruidenberg", NoordBrabant, 51.70, 4.86, "ZK26", false},
		{"GM1771", "Geldrop-Mierlo", NoordBrabant, 51.42, 5.58, "ZK29", false},
		{"GM1652", "Gemert-Bakel", NoordBrabant, 51.56, 5.69, "ZK29", false},
		{"GM0784", "Gilze en Rijen", NoordBrabant, 51.59, 4.93, "ZK27", false},
		{"GM0785", "Goirle", NoordBrabant, 51.52, 5.07, "ZK27", false},
		{"GM1655", "Halderberge", NoordBrabant, 51.59, 4.53, "ZK26", false},
		{"GM1658", "Heeze-Leende", NoordBrabant, 51.38, 5.57, "ZK29", false},
		{"GM0794", "Helmond", NoordBrabant, 51.48, 5.66, "ZK29", false},
		{"GM0796", "'s-Hertogenbosch", NoordBrabant, 51.69, 5.30, "ZK28", false},
		{"GM0797", "Heusden", NoordBrabant, 51.70, 5.16, "ZK28", x},
		{"GM0798", "Hilvarenbeek", NoordBrabant, 51.49, 5.14, "ZK27", false},
		{"GM1659", "Laarbeek", NoordBrabant, 51.52, 5.61, "ZK29", false},
		{"GM1982", "Land van Cuijk", NoordBrabant, 51.68, 5.92, "ZK28", false},
		{"GM0809", "Loon op Zand", NoordBrabant, 51.64, 5.06, "ZK27", false},
		{"GM1991", "Maashorst", NoordBrabant, 51.66, 5.62, "ZK28", false},
		{"GM1948", "Meierijstad", NoordBrabant, 51.60, 5.50, "ZK28", false},
		{"GM1709", "Moerdijk", NoordBrabant, 51.64, 4.61, "ZK26", false},
		{"GM0820", "Nuenen, Gerwen en Nederwetten", NoordBrabant, 51.47, 5.55, "ZK29", false},
		{"GM0823", "Oirschot", NoordBrabant, 51.50, 5.31, "ZK29", false},
		{"GM0824", "Oisterwijk", NoordBrabant, 51.58, 5.19, "ZK27", false},
		{"GM0826", "Oosterhout", NoordBrabant, 51.64, 4.86, "ZK26", false},
		{"GM0828", "Oss", NoordBrabant, 51.76, 5.52, "ZK28", false},
		{"GM1667", "Reusel-De Mierden", NoordBrabant, 51.36, 5.16, "ZK29", false},
		{"GM1674", "Roosendaal", NoordBrabant, 51.53, 4.46, "ZK26", false},
		{"GM0840", "Rucphen", NoordBrabant, 51.53, 4.57, "ZK26", false},
		{"GM0845", "Sint-Michielsgestel", NoordBrabant, 51.64, 5.35, "ZK28", false},
		{"GM0847", "Someren", NoordBrabant, 51.38, 5.71, "ZK29", false},
		{"GM0848", "Son en Breugel", NoordBrabant, 51.51, 5.49, "ZK29", false},
		{"GM0851", "Steenbergen", NoordBrabant, 51.58, 4.32, "ZK26", false},
		{"GM0855", "Tilburg", NoordBrabant, 51.56, 5.09, "ZK27", false},
		{"GM0858", "Valkenswaard", NoordBrabant, 51.35, 5.46, "ZK29", false},
		{"GM0861", "Veldhoven", NoordBrabant, 51.42, 5.40, "ZK29", false},
		{"GM0865", "Vught", NoordBrabant, 51.66, 5.29, "ZK28", false},
		{"GM0866", "Waalre", NoordBrabant, 51.39, 5.44, "ZK29", false},
		{"GM0867", "Waalwijk", NoordBrabant, 51.69, 5.07, "ZK27", false},
		{"GM0873", "Woensdrecht", NoordBrabant, 51.43, 4.30, "ZK26", false},
		{"GM0879", "Zundert", NoordBrabant, 51.47, 4.66, "ZK26", false},

		// Limburg (31): Noord- en Midden-Limburg and Zuid-Limburg; Mook en
		// Middelaar with Nijmegen.
		{"GM0888", "Beek", Limburg, 50.94, 5.79, "ZK31", false},
		{"GM1954", "Beekdaelen", Limburg, 50.93, 5.90, "ZK31", false},
		{"GM0889", "Beesel", Limburg, 51.27, 6.06, "ZK30", false},
		{"GM0893", "Bergen (L.)", Limburg, 51.60, 6.04, "ZK30", false},
		{"GM0899", "Brunssum", Limburg, 50.95, 5.97, "ZK31", false},
		{"GM1711", "Echt-Susteren", Limburg, 51.10, 5.87, "ZK30", false},
		{"GM1903", "Eijsden-Margraten", Limburg, 50.79, 5.77, "ZK31", false},
		{"GM0907", "Gennep", Limburg, 51.70, 5.97, "ZK30", false},
		{"GM1729", "Gulpen-Wittem", Limburg, 50.81, 5.89, "ZK31", false},
		{"GM0917", "Heerlen", Limburg, 50.89, 5.98, "ZK31", false},
		{"GM1507", "Horst aan de Maas", Limburg, 51.45, 6.05, "ZK30", false},
		{"GM0928", "Kerkrade", Limburg, 50.87, 6.06, "ZK31", false},
		{"GM0882", "Landgraaf", Limburg, 50.90, 6.03, "ZK31", false},
		{"GM1640", "Leudal", Limburg, 51.25, 5.89, "ZK30", false},
		{"GM1641", "Maasgouw", Limburg, 51.15, 5.89, "ZK30", false},
		{"GM0935", "Maastricht", Limburg, 50.85, 5.69, "ZK31", false},
		{"GM0938", "Meerssen", Limburg, 50.89, 5.75, "ZK31", false},
		{"GM0944", "Mook en Middelaar", Limburg, 51.75, 5.88, "ZK09", x},
		{"GM0946", "Nederweert", Limburg, 51.29, 5.75, "ZK30", false},
		{"GM1894", "Peel en Maas", Limburg, 51.33, 6.00, "ZK30", false},
		{"GM1669", "Roerdalen", Limburg, 51.14, 6.03, "ZK30", false},
		{"GM0957", "Roermond", Limburg, 51.19, 5.99, "ZK30", false},
		{"GM0965", "Simpelveld", Limburg, 50.83, 5.98, "ZK31", false},
		{"GM1883", "Sittard-Geleen", Limburg, 51.00, 5.87, "ZK31", false},
		{"GM0971", "Stein", Limburg, 50.97, 5.77, "ZK31", false},
		{"GM0981", "Vaals", Limburg, 50.77, 6.02, "ZK31", false},
		{"GM0994", "Valkenburg aan de Geul", Limburg, 50.87, 5.83, "ZK31", false},
		{"GM0983", "Venlo", Limburg, 51.37, 6.17, "ZK30", false},
		{"GM0984", "Venray", Limburg, 51.53, 5.98, "ZK30", false},
		{"GM0986", "Voerendaal", Limburg, 50.88, 5.93, "ZK31", false},
		{"GM0988", "Weert", Limburg, 51.25, 5.71, "ZK30", false},
	}
	keys := make(map[string]string, len(list))
	for _, m := range list {
		keys[m.Code] = foldName(m.Name)
	}
	sort.Slice(list, func(i, j int) bool { return keys[list[i].Code] < keys[list[j].Code] })
	return list
}

// municipalityAliases are the other names people type for a municipality:
// the everyday name of the two whose official name nobody uses, and the
// Dutch forms of the Frisian names.
func municipalityAliases() map[string][]string {
	return map[string][]string{
		"GM0518": {"Den Haag", "The Hague"},
		"GM0796": {"Den Bosch"},
		"GM0737": {"Tietjerksteradeel"},
		"GM1940": {"De Friese Meren"},
		"GM1900": {"Zuidwest-Friesland"},
		"GM1970": {"Noordoost-Friesland"},
		"GM0164": {"Hengelo (O.)"},
		"GM0888": {"Beek (L.)"},
		"GM0417": {"Laren (NH.)"},
		"GM0687": {"Middelburg (Z.)"},
		"GM0603": {"Rijswijk (ZH.)"},
		"GM0971": {"Stein (L.)"},
		"GM0820": {"Nuenen"},
	}
}

// foldName makes a name comparable the way a person searches: lower case,
// accents removed (Súdwest-Fryslân = sudwest-fryslan), punctuation
// ("'s-", "(NH.)", hyphens) turned into single spaces.
func foldName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(norm.NFD.String(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue // an accent, decomposed from its letter
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// MunicipalityByCode finds a municipality by its CBS code, given as
// "GM0363", "gm0363" or the bare number "0363"/"363".
func MunicipalityByCode(code string) (Municipality, bool) {
	c := strings.ToUpper(strings.TrimSpace(code))
	c = strings.TrimPrefix(c, "GM")
	if c == "" || len(c) > 4 {
		return Municipality{}, false
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return Municipality{}, false
		}
	}
	c = "GM" + strings.Repeat("0", 4-len(c)) + c
	for _, m := range Municipalities() {
		if m.Code == c {
			return m, true
		}
	}
	return Municipality{}, false
}

// MunicipalityByName finds a municipality by its name or a known other
// name, ignoring case, accents and punctuation ("den haag", "Sudwest
// Fryslan", "bergen nh"). A name two municipalities share without their
// suffix ("Bergen") finds none: the caller asks which one.
func MunicipalityByName(name string) (Municipality, bool) {
	q := foldName(name)
	if q == "" {
		return Municipality{}, false
	}
	aliases := municipalityAliases()
	for _, m := range Municipalities() {
		if foldName(m.Name) == q {
			return m, true
		}
		for _, a := range aliases[m.Code] {
			if foldName(a) == q {
				return m, true
			}
		}
	}
	return Municipality{}, false
}

// SearchMunicipalities returns at most limit municipalities whose name or
// other name matches what a person typed in a search box: names starting
// with it first, then names containing it, each group by name. An empty
// query finds nothing.
func SearchMunicipalities(query string, limit int) []Municipality {
	q := foldName(query)
	if q == "" || limit <= 0 {
		return nil
	}
	aliases := municipalityAliases()
	var prefix, inner []Municipality
	for _, m := range Municipalities() {
		names := append([]string{m.Name}, aliases[m.Code]...)
		best := 0 // 2 prefix, 1 inside
		for _, n := range names {
			f := foldName(n)
			switch {
			case strings.HasPrefix(f, q):
				best = 2
			case best == 0 && strings.Contains(f, q):
				best = 1
			}
		}
		switch best {
		case 2:
			prefix = append(prefix, m)
		case 1:
			inner = append(inner, m)
		}
	}
	out := append(prefix, inner...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// MunicipalityRegion returns the care-office region a municipality (by CBS
// code) belongs to.
func MunicipalityRegion(code string) (string, bool) {
	m, ok := MunicipalityByCode(code)
	if !ok {
		return "", false
	}
	return m.Region, true
}
