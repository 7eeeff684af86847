package monitor

// translations are the module's Dutch UI texts with their English
// versions, added to the renderer's catalog.
func translations() map[string]string {
	return map[string]string{
		"Monitor Volwaardig Leven": "Volwaardig Leven monitor",
	}
}
