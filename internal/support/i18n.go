package support

// translations are the module's Dutch UI texts with their English
// versions, added to the renderer's catalog.
func translations() map[string]string {
	return map[string]string{
		"Cliëntondersteuning": "Client support",
	}
}
