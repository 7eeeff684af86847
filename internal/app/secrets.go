package app

import (
	"fmt"
	"os"
	"strings"
)

// secretVariables are the settings that hold secrets. Each may instead be
// given as NAME_FILE, the path of a file holding the value (a systemd
// credential, a container secret), so that the secret is in no process
// environment and no unit or compose file.
func secretVariables() []string {
	return []string{
		"VOLWAARDIG_DB", // a postgres:// URL may hold a password
		"VOLWAARDIG_SECRET",
		"VOLWAARDIG_AUDIT_KEY",
		"VOLWAARDIG_BSN_KEYS",
		"VOLWAARDIG_BSN_INDEX_KEY",
		"VOLWAARDIG_SMTP_PASSWORD",
		"VOLWAARDIG_OIDC_CLIENT_SECRET",
		"VOLWAARDIG_METRICS_TOKEN",
	}
}

// SecretsFromFiles reads every NAME_FILE of the secret settings once, at
// start, and returns a getenv that answers NAME with the file's content
// (without its final newline) and NAME_FILE with "", so applying it twice
// (the command line, then New) reads each file once. Reading them eagerly
// makes a missing or unreadable file an error at start, not a setting
// silently left empty. This is the one place secrets are read from files.
func SecretsFromFiles(getenv func(string) string) (func(string) string, error) {
	fromFile := map[string]string{}
	for _, name := range secretVariables() {
		path := getenv(name + "_FILE")
		if path == "" {
			continue
		}
		if getenv(name) != "" {
			return nil, fmt.Errorf("both %s and %s_FILE are set; give one", name, name)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s_FILE: %w", name, err)
		}
		v := strings.TrimRight(string(b), "\r\n")
		if v == "" {
			return nil, fmt.Errorf("%s_FILE: %s is empty", name, path)
		}
		fromFile[name] = v
	}
	if len(fromFile) == 0 {
		return getenv, nil
	}
	return func(k string) string {
		if v, ok := fromFile[k]; ok {
			return v
		}
		if name, ok := strings.CutSuffix(k, "_FILE"); ok {
			if _, done := fromFile[name]; done {
				return ""
			}
		}
		return getenv(k)
	}, nil
}
