package audit

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// The canonical encoding is a fixed sequence of fields, each string with a
// 4-byte big-endian length prefix and each integer as 8 bytes big-endian,
// behind a domain tag with a version. Length prefixes make it unambiguous
// (no field can borrow bytes from its neighbour), and the version lets a
// future format coexist with stored chains.
const (
	entryTag      = "volwaardig-audit-entry-v1\x00"
	checkpointTag = "volwaardig-audit-checkpoint-v1\x00"
	genesisTag    = "volwaardig-audit-genesis-v1\x00"
)

type canon []byte

func (c canon) str(s string) canon {
	c = binary.BigEndian.AppendUint32(c, uint32(len(s)))
	return append(c, s...)
}

func (c canon) i64(v int64) canon { return binary.BigEndian.AppendUint64(c, uint64(v)) }

func (c canon) flag(b bool) canon {
	if b {
		return append(c, 1)
	}
	return append(c, 0)
}

// timeMicros is how times enter hashes and signatures: both databases keep
// microseconds, so a time read back hashes like the time written.
func timeMicros(t time.Time) int64 { return t.UTC().UnixMicro() }

// truncTime brings t to what the databases store.
func truncTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// entryHash computes the hash of e from its content and its PrevHash.
func entryHash(e *Entry) string {
	c := canon(make([]byte, 0, 512))
	c = append(c, entryTag...)
	c = c.str(e.ChainID).i64(e.Seq).str(e.PrevHash).str(e.EventID).i64(timeMicros(e.Time))
	c = c.str(string(e.Action)).str(string(e.Outcome))
	c = c.i64(e.UserID).str(e.UserName).str(e.DisplayName).str(e.Role).str(e.Organisation)
	c = c.i64(e.OnBehalfOf).i64(e.ClientID).str(e.Object).str(e.ObjectID).str(e.Purpose)
	c = c.flag(e.Emergency).str(e.Reason).str(e.Source).str(e.SessionID).i64(e.TokenID)
	// A list entry adds its people, in order; an entry without them
	// hashes as entries did before list entries existed, so stored chains
	// still verify.
	if len(e.Subjects) > 0 {
		c = c.i64(int64(len(e.Subjects)))
		for _, s := range e.Subjects {
			c = c.i64(s.ClientID).str(s.ObjectID)
		}
	}
	sum := sha256.Sum256(c)
	return hex.EncodeToString(sum[:])
}

// genesisHash is the "previous hash" of a chain's first entry; binding it to
// the chain id stops entries being moved from one chain to the start of
// another.
func genesisHash(chainID string) string {
	sum := sha256.Sum256(canon(genesisTag).str(chainID))
	return hex.EncodeToString(sum[:])
}

// Checkpoint is a signed statement that chain ChainID held Count entries,
// the last with sequence Seq and hash Hash, at time At. Final marks the
// checkpoint written at Close: nothing may follow it in its chain.
type Checkpoint struct {
	ChainID   string
	Seq       int64
	Count     int64
	Hash      string
	At        time.Time
	Final     bool
	KeyID     string
	Signature []byte
}

func (cp *Checkpoint) message() []byte {
	c := canon(checkpointTag)
	c = c.str(cp.ChainID).i64(cp.Seq).i64(cp.Count).str(cp.Hash).i64(timeMicros(cp.At)).flag(cp.Final).str(cp.KeyID)
	return c
}

func (cp *Checkpoint) sign(key ed25519.PrivateKey) {
	cp.KeyID = KeyID(key.Public().(ed25519.PublicKey))
	cp.Signature = ed25519.Sign(key, cp.message())
}

// verify checks the signature against pub.
func (cp *Checkpoint) verify(pub ed25519.PublicKey) bool {
	return len(cp.Signature) == ed25519.SignatureSize && ed25519.Verify(pub, cp.message(), cp.Signature)
}

// KeyID names a public key by the first 8 bytes of its SHA-256, so a
// checkpoint says which key signed it without carrying the key.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}
