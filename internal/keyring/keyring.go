// Package keyring holds the application's encryption keys for personal data
// at rest: AES-256-GCM keys by id (the first configured is current, the
// others only decrypt, for rotation) and a separate HMAC key for blind
// indexes. It is a platform package below auth and clients (DESIGN §3):
// clients encrypts the BSN with it, auth the TOTP secrets, and both are
// re-encrypted when a new current key is configured.
package keyring

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/db"
)

// Environment variables holding the keys. They are named for the BSN, the
// first thing they encrypted; they encrypt the TOTP secrets too.
const (
	// EnvBSNKeys lists the AES-256 keys as "ID:base64,ID:base64"; the first
	// is the current key that encrypts, the others only decrypt (rotation).
	EnvBSNKeys = "VOLWAARDIG_BSN_KEYS"
	// EnvBSNIndexKey is the HMAC-SHA256 key of the blind index (base64,
	// at least 32 bytes). It is separate from the encryption keys so that
	// whoever can search cannot decrypt, and it is not rotated by Rotate.
	EnvBSNIndexKey = "VOLWAARDIG_BSN_INDEX_KEY"
)

// Ring is the key ring: AES-256-GCM keys by id, the id of the current
// one, and the blind-index key. Ciphertexts name their key id, so old rows
// stay readable after a new current key is configured, until Rotate has
// re-encrypted them.
type Ring struct {
	current uint32
	aeads   map[uint32]cipher.AEAD
	index   []byte
}

// NewKeys builds a keyring from raw keys: every encryption key 32 bytes,
// current present among them, index key at least 32 bytes and different
// from every encryption key.
func New(current uint32, enc map[uint32][]byte, index []byte) (*Ring, error) {
	if len(enc) == 0 {
		return nil, errors.New("BSN keys: no encryption key")
	}
	if _, ok := enc[current]; !ok {
		return nil, fmt.Errorf("BSN keys: current key %d is not in the keyring", current)
	}
	if len(index) < 32 {
		return nil, errors.New("BSN keys: the index key must be at least 32 bytes")
	}
	k := &Ring{current: current, aeads: map[uint32]cipher.AEAD{}, index: append([]byte(nil), index...)}
	for id, key := range enc {
		if id == 0 {
			return nil, errors.New("BSN keys: key id 0 is reserved")
		}
		if len(key) != 32 {
			return nil, fmt.Errorf("BSN keys: key %d has %d bytes, AES-256 needs 32", id, len(key))
		}
		if subtle.ConstantTimeCompare(key, index) == 1 {
			return nil, fmt.Errorf("BSN keys: key %d equals the index key; use separate keys", id)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		k.aeads[id] = aead
	}
	return k, nil
}

// ParseKeys reads the configuration form: keys "2:base64,1:base64" (first =
// current) and the index key in base64.
func Parse(keys, index string) (*Ring, error) {
	enc := map[uint32][]byte{}
	var current uint32
	for i, part := range strings.Split(keys, ",") {
		part = strings.TrimSpace(part)
		idStr, b64, ok := strings.Cut(part, ":")
		if !ok {
			return nil, fmt.Errorf("%s: entry %d must be ID:base64", EnvBSNKeys, i+1)
		}
		id64, err := strconv.ParseUint(strings.TrimSpace(idStr), 10, 32)
		if err != nil || id64 == 0 {
			return nil, fmt.Errorf("%s: entry %d: key id must be a positive number", EnvBSNKeys, i+1)
		}
		id := uint32(id64)
		if _, dup := enc[id]; dup {
			return nil, fmt.Errorf("%s: key id %d appears twice", EnvBSNKeys, id)
		}
		key, err := decodeKey(b64)
		if err != nil {
			return nil, fmt.Errorf("%s: key %d: %w", EnvBSNKeys, id, err)
		}
		enc[id] = key
		if i == 0 {
			current = id
		}
	}
	idx, err := decodeKey(index)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", EnvBSNIndexKey, err)
	}
	return New(current, enc, idx)
}

func decodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}

// GenerateKeys makes a fresh keyring with key id 1, for demo runs and tests.
func Generate() (*Ring, error) {
	enc := make([]byte, 32)
	idx := make([]byte, 32)
	if _, err := rand.Read(enc); err != nil {
		return nil, err
	}
	if _, err := rand.Read(idx); err != nil {
		return nil, err
	}
	return New(1, map[uint32][]byte{1: enc}, idx)
}

// KeyFilePath is where a demo run keeps generated BSN keys: next to the
// SQLite file ("volwaardig.db" → "volwaardig.bsn-keys"), or in the working
// directory for PostgreSQL. Never in the database: a dump must not carry
// the key that opens it.
func KeyFilePath(dbURL string) string {
	u, err := db.ParseURL(dbURL)
	if err != nil {
		return "volwaardig.bsn-keys"
	}
	return u.Beside(".bsn-keys")
}

// KeysFromEnv reads the keys from the environment. Without them a demo run
// generates keys once and keeps them in KeyFilePath (with a warning on
// logger); any other run refuses to start, since a BSN encrypted with a key
// nobody configured is lost with the next restart.
func FromEnv(getenv func(string) string, dbURL string, demo bool, logger *slog.Logger) (*Ring, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	keys, index := getenv(EnvBSNKeys), getenv(EnvBSNIndexKey)
	if keys != "" || index != "" {
		if keys == "" || index == "" {
			return nil, fmt.Errorf("set both %s and %s", EnvBSNKeys, EnvBSNIndexKey)
		}
		return Parse(keys, index)
	}
	if !demo {
		return nil, fmt.Errorf("no BSN keys configured: set %s (ID:base64 of 32 bytes, first is current) and %s (base64 of 32 bytes)", EnvBSNKeys, EnvBSNIndexKey)
	}
	path := KeyFilePath(dbURL)
	k, created, err := LoadOrCreateKeyFile(path)
	if err != nil {
		return nil, fmt.Errorf("BSN demo keys: %w", err)
	}
	if created {
		logger.Warn("no BSN keys configured: generated demo keys and stored them next to the database; configure "+EnvBSNKeys+" and "+EnvBSNIndexKey+" in production, and keep this file out of backups of the database", "path", path)
	}
	return k, nil
}

// LoadOrCreateKeyFile reads a key file written by a previous demo run, or
// creates one (mode 0600) with fresh keys. The file holds the two
// environment lines, so it can be sourced into a real configuration.
func LoadOrCreateKeyFile(path string) (k *Ring, created bool, err error) {
	if b, err := os.ReadFile(path); err == nil {
		vals := map[string]string{}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			name, v, _ := strings.Cut(line, "=")
			vals[name] = strings.Trim(v, `"'`)
		}
		k, err := Parse(vals[EnvBSNKeys], vals[EnvBSNIndexKey])
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", path, err)
		}
		return k, false, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, false, err
	}
	enc := make([]byte, 32)
	idx := make([]byte, 32)
	if _, err := rand.Read(enc); err != nil {
		return nil, false, err
	}
	if _, err := rand.Read(idx); err != nil {
		return nil, false, err
	}
	content := "# Volwaardig demo BSN keys, generated because none were configured.\n" +
		"# Keep this file apart from the database and its backups.\n" +
		EnvBSNKeys + "=1:" + base64.StdEncoding.EncodeToString(enc) + "\n" +
		EnvBSNIndexKey + "=" + base64.StdEncoding.EncodeToString(idx) + "\n"
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, err
	}
	if _, err := f.WriteString(content); err != nil {
		return nil, false, errors.Join(err, f.Close())
	}
	if err := f.Close(); err != nil {
		return nil, false, err
	}
	k, err = New(1, map[uint32][]byte{1: enc}, idx)
	return k, true, err
}

// Ciphertext layout: version byte, key id (4 bytes big-endian), 12-byte
// random nonce, then AES-256-GCM ciphertext and tag.
const (
	cipherVersion = 1
	headerLen     = 1 + 4
)

// Seal encrypts plaintext with the current key. aad binds the ciphertext to
// where it is stored (say, a purpose and a row id), so a ciphertext copied
// elsewhere does not decrypt there.
func (k *Ring) Seal(aad, plaintext []byte) ([]byte, error) {
	aead := k.aeads[k.current]
	out := make([]byte, headerLen, headerLen+aead.NonceSize()+len(plaintext)+aead.Overhead())
	out[0] = cipherVersion
	binary.BigEndian.PutUint32(out[1:5], k.current)
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out = append(out, nonce...)
	return aead.Seal(out, nonce, plaintext, aad), nil
}

// KeyID returns the key id a ciphertext names.
func KeyID(ct []byte) (uint32, error) {
	if len(ct) < headerLen || ct[0] != cipherVersion {
		return 0, errors.New("ciphertext: unknown format")
	}
	return binary.BigEndian.Uint32(ct[1:5]), nil
}

// Open decrypts with whichever key the ciphertext names.
func (k *Ring) Open(aad, ct []byte) ([]byte, error) {
	id, err := KeyID(ct)
	if err != nil {
		return nil, err
	}
	aead, ok := k.aeads[id]
	if !ok {
		return nil, fmt.Errorf("ciphertext names key %d, which is not configured", id)
	}
	rest := ct[headerLen:]
	if len(rest) < aead.NonceSize()+aead.Overhead() {
		return nil, errors.New("ciphertext: too short")
	}
	pt, err := aead.Open(nil, rest[:aead.NonceSize()], rest[aead.NonceSize():], aad)
	if err != nil {
		return nil, errors.New("ciphertext: authentication failed (wrong key or altered data)")
	}
	return pt, nil
}

// Index is a keyed hash (HMAC-SHA256, hex) of domain and value, stored
// for exact look-up: whoever reads the database cannot test guesses
// without the key.
func (k *Ring) Index(domain string, value []byte) string {
	m := hmac.New(sha256.New, k.index)
	m.Write([]byte(domain))
	m.Write(value)
	return hex.EncodeToString(m.Sum(nil))
}

// Current is the id of the key new ciphertexts use.
func (k *Ring) Current() uint32 { return k.current }
