package auth

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP Password Storage Cheat Sheet's first
// recommendation (m=19 MiB, t=2, p=1).
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// HashPassword hashes a password with argon2id in PHC string format, so the
// parameters travel with the hash and can be raised later.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC-format hash.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

//go:embed common_passwords.txt
var commonPasswordsText string

// PasswordPolicy checks new passwords per OWASP ASVS 4.0 level 2 (V2.1):
// at least 12 characters, at most 128, no composition rules, not a common
// or breached password, not the user name.
type PasswordPolicy struct {
	common map[string]bool
}

// NewPasswordPolicy loads the embedded list of common passwords.
func NewPasswordPolicy() *PasswordPolicy {
	pp := &PasswordPolicy{common: map[string]bool{}}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			pp.common[strings.ToLower(line)] = true
		}
	}
	return pp
}

// ErrPasswordPolicy is wrapped by every policy refusal; its message is Dutch
// and tells what to fix.
var ErrPasswordPolicy = errors.New("wachtwoord voldoet niet")

// Check returns nil when pw may be used by username.
func (pp *PasswordPolicy) Check(username, pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < 12:
		return fmt.Errorf("%w: kies een wachtwoord van minstens 12 tekens (nu %d); een zin van een paar woorden werkt goed", ErrPasswordPolicy, n)
	case n > 128:
		return fmt.Errorf("%w: een wachtwoord mag hoogstens 128 tekens hebben (nu %d)", ErrPasswordPolicy, n)
	}
	low := strings.ToLower(pw)
	if pp.common[low] || pp.common[strings.TrimRight(low, "0123456789!")] {
		return fmt.Errorf("%w: dit wachtwoord komt voor in lijsten van veelgebruikte wachtwoorden; kies een ander", ErrPasswordPolicy)
	}
	if username != "" && strings.Contains(low, strings.ToLower(username)) {
		return fmt.Errorf("%w: het wachtwoord mag uw gebruikersnaam niet bevatten", ErrPasswordPolicy)
	}
	if distinctRunes(pw) < 4 {
		return fmt.Errorf("%w: het wachtwoord bestaat uit te weinig verschillende tekens", ErrPasswordPolicy)
	}
	return nil
}

func distinctRunes(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}
