package notify

// translations are the inbox page's texts (Dutch → English). The
// notifications' own titles and bodies are not translated here: their
// senders store the English text beside the Dutch (Item.In).
var translations = map[string]string{
	"Berichten":                          "Messages",
	"U heeft 1 ongelezen bericht.":       "You have 1 unread message.",
	"U heeft %d ongelezen berichten.":    "You have %d unread messages.",
	"U heeft geen ongelezen berichten.":  "You have no unread messages.",
	"Alles gelezen":                      "Mark all as read",
	"Uw berichten, nieuwste eerst":       "Your messages, newest first",
	"Status":                             "Status",
	"Bericht":                            "Message",
	"Soort":                              "Kind",
	"Ontvangen":                          "Received",
	"Actie":                              "Action",
	"Nieuw":                              "New",
	"Gelezen":                            "Read",
	"Markeer als gelezen":                "Mark as read",
	"Geen actie":                         "No action",
	"Er zijn nog geen berichten voor u.": "There are no messages for you yet.",
	"Bladeren door berichten":            "Browse messages",
	"Nieuwste berichten":                 "Newest messages",
	"Oudere berichten":                   "Older messages",
	"Een e-mail over een bericht vertelt alleen dát er een bericht is. De inhoud leest u hier, veilig ingelogd.": "An e-mail about a message only says that there is a message. You read its content here, securely logged in.",
	"Het bericht is gemarkeerd als gelezen.":      "The message has been marked as read.",
	"Alle berichten zijn gemarkeerd als gelezen.": "All messages have been marked as read.",
	"Nieuwe crisismelding":                        "New crisis report",
	"Reservering verloopt binnenkort":             "Reservation expires soon",
	"Termijn verstreken":                          "Deadline passed",
	"Voorstel om te beantwoorden":                 "Proposal to answer",
}
