package clients

import (
	"bytes"
	"testing"
)

func TestSealOpen(t *testing.T) {
	k, _ := GenerateKeys()
	ct, err := k.seal(5, "123456782")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(ct, []byte("123456782")) {
		t.Fatal("plaintext in ciphertext")
	}
	ct2, _ := k.seal(5, "123456782")
	if bytes.Equal(ct, ct2) {
		t.Error("two encryptions are equal: the nonce is not random")
	}
	if b, err := k.open(5, ct); err != nil || b != "123456782" {
		t.Errorf("open = %q %v", b, err)
	}
	if _, err := k.open(6, ct); err == nil {
		t.Error("opened with another row's id")
	}
	flipped := append([]byte(nil), ct...)
	flipped[len(flipped)-1] ^= 1
	if _, err := k.open(5, flipped); err == nil {
		t.Error("opened an altered ciphertext")
	}
	for _, short := range [][]byte{nil, {1}, ct[:10]} {
		if _, err := k.open(5, short); err == nil {
			t.Errorf("opened %d bytes", len(short))
		}
	}
	other, _ := GenerateKeys()
	if _, err := other.open(5, ct); err == nil {
		t.Error("opened with another keyring holding the same key id")
	}
	if k.blindIndex("123456782") == other.blindIndex("123456782") {
		t.Error("blind index does not depend on the key")
	}
	// The index must be the same from two key rings built from the same key
	// material (the server after a restart), else a stored BSN is never
	// found again; and differ between BSNs.
	fixed := func() *Keys {
		k, err := NewKeys(1, map[uint32][]byte{1: bytes.Repeat([]byte{1}, 32)}, bytes.Repeat([]byte{2}, 32))
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k1, k2 := fixed(), fixed()
	if k1.blindIndex("123456782") != k2.blindIndex("123456782") || k1.blindIndex("123456782") == k1.blindIndex("111222333") {
		t.Error("blind index not deterministic or not distinct")
	}
}
