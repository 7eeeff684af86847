package audit

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// PublicKeyPrefix marks a public key in --audit-key, since a public key and
// a private seed are both 32 bytes.
const PublicKeyPrefix = "pub:"

// decodeB64 accepts standard and URL-safe base64, padded or not, so a key
// pasted from any tool works.
func decodeB64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}

// ParsePrivateKey reads the signing key from configuration: base64 of a
// 32-byte Ed25519 seed (or of the 64-byte seed+public form).
func ParsePrivateKey(s string) (ed25519.PrivateKey, error) {
	b, err := decodeB64(s)
	if err != nil {
		return nil, fmt.Errorf("audit key: %w (expected base64 of a 32-byte Ed25519 seed)", err)
	}
	switch len(b) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(b), nil
	case ed25519.PrivateKeySize:
		k := ed25519.NewKeyFromSeed(b[:ed25519.SeedSize])
		if string(k[ed25519.SeedSize:]) != string(b[ed25519.SeedSize:]) {
			return nil, errors.New("audit key: the 64-byte key's public half does not match its seed")
		}
		return k, nil
	}
	return nil, fmt.Errorf("audit key: %d bytes, expected a 32-byte Ed25519 seed", len(b))
}

// ParseVerifyKey reads the key that verification needs: either the secret
// seed the server is configured with, or "pub:" followed by base64 of the
// 32-byte public key, so an auditor need not hold the secret.
func ParseVerifyKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, PublicKeyPrefix); ok {
		b, err := decodeB64(rest)
		if err != nil || len(b) != ed25519.PublicKeySize {
			return nil, errors.New("audit public key: expected pub: followed by base64 of 32 bytes")
		}
		return ed25519.PublicKey(b), nil
	}
	k, err := ParsePrivateKey(s)
	if err != nil {
		return nil, err
	}
	return k.Public().(ed25519.PublicKey), nil
}

// FormatPublicKey writes pub in the form ParseVerifyKey reads.
func FormatPublicKey(pub ed25519.PublicKey) string {
	return PublicKeyPrefix + base64.StdEncoding.EncodeToString(pub)
}

// FormatPrivateKey writes the seed of k in the form ParsePrivateKey reads.
func FormatPrivateKey(k ed25519.PrivateKey) string {
	return base64.StdEncoding.EncodeToString(k.Seed())
}

// LoadOrCreateKeyFile reads the key stored at path, or generates one and
// stores it there (mode 0600) when the file does not exist. It is meant for
// demo runs without a configured key; created tells the caller to warn.
func LoadOrCreateKeyFile(path string) (key ed25519.PrivateKey, created bool, err error) {
	b, err := os.ReadFile(path)
	if err == nil {
		k, err := ParsePrivateKey(string(b))
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", path, err)
		}
		return k, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, err
	}
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, false, err
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, err
	}
	if _, err := f.WriteString(FormatPrivateKey(k) + "\n"); err != nil {
		return nil, false, errors.Join(err, f.Close())
	}
	if err := f.Close(); err != nil {
		return nil, false, err
	}
	return k, true, nil
}
