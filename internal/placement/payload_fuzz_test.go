package placement

import (
	"bytes"
	"testing"
)

// FuzzDecodePayload feeds the import confirmation's hidden field any text:
// it carries the uploaded file from the preview back to the server, so a
// user can send anything in it (issue 18: every decoder of outside input
// has a fuzz test). Decoding never panics, and what it accepts is a file
// name of at most 255 bytes without a line break and the file's bytes,
// which encode back to a payload that decodes to the same.
func FuzzDecodePayload(f *testing.F) {
	f.Add(encodePayload("lijst.csv", []byte("client_id;regio\n1;ZK11\n")))
	f.Add(encodePayload("", nil))
	f.Add("bGlqc3QuY3N2")
	f.Add("!!!")
	f.Add(encodePayload(string(bytes.Repeat([]byte("a"), 300)), []byte("x")))
	f.Fuzz(func(t *testing.T, s string) {
		name, data, err := decodePayload(s)
		if err != nil {
			return
		}
		if len(name) > 255 || bytes.ContainsRune([]byte(name), '\n') {
			t.Fatalf("accepted file name %q", name)
		}
		name2, data2, err := decodePayload(encodePayload(name, data))
		if err != nil || name2 != name || !bytes.Equal(data2, data) {
			t.Fatalf("payload of %q does not read back: %q %v", name, name2, err)
		}
	})
}
