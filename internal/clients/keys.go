package clients

import (
	"encoding/binary"
	"errors"

	"github.com/volwaardig/volwaardig/internal/keyring"
)

// Keys is the key ring as this module uses it: a BSN sealed to its client
// row, and its blind index. The ring itself (configuration, rotation keys)
// is the platform package keyring, shared with auth's TOTP secrets.
type Keys struct {
	ring *keyring.Ring
	// current is the ring's current key id, which the store's rotation
	// queries compare with.
	current uint32
}

// BSNKeys wraps a key ring for this module.
func BSNKeys(r *keyring.Ring) *Keys {
	return &Keys{ring: r, current: r.Current()}
}

// NewKeys builds a key ring from raw keys (see keyring.New), for tests.
func NewKeys(current uint32, enc map[uint32][]byte, index []byte) (*Keys, error) {
	r, err := keyring.New(current, enc, index)
	if err != nil {
		return nil, err
	}
	return BSNKeys(r), nil
}

// GenerateKeys makes a fresh key ring with key id 1, for demo runs and
// tests.
func GenerateKeys() (*Keys, error) {
	r, err := keyring.Generate()
	if err != nil {
		return nil, err
	}
	return BSNKeys(r), nil
}

// aad binds a ciphertext to its client row, so a ciphertext copied into
// another client's row does not decrypt there.
func aad(clientID int64) []byte {
	return binary.BigEndian.AppendUint64([]byte("volwaardig/bsn/v1/"), uint64(clientID))
}

// seal encrypts a BSN for a client row with the current key.
func (k *Keys) seal(clientID int64, b BSN) ([]byte, error) {
	return k.ring.Seal(aad(clientID), []byte(b))
}

// open decrypts a BSN of a client row with whichever key it names.
func (k *Keys) open(clientID int64, ct []byte) (BSN, error) {
	pt, err := k.ring.Open(aad(clientID), ct)
	if err != nil {
		return "", errors.New("BSN " + err.Error())
	}
	b := BSN(pt)
	if !b.Valid() {
		return "", errors.New("BSN ciphertext: decrypted value is not a BSN")
	}
	return b, nil
}

// blindIndex is the keyed hash stored for exact look-up: whoever reads the
// database cannot test guesses without the key (the BSN space is only 10^9,
// so an unkeyed hash would be reversed in seconds).
func (k *Keys) blindIndex(b BSN) string {
	return k.ring.Index("volwaardig/bsn-index/v1/", []byte(b))
}

// Current is the id of the key new ciphertexts use.
func (k *Keys) Current() uint32 { return k.current }
