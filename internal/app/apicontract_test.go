package app

import (
	"os"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web/apitest"
)

// contract records every API exchange of the servers testApp starts; after
// the package's tests TestMain checks the raw bytes of each response
// against the OpenAPI document (route, status, content type, schema,
// API-Version), so the document cannot drift from the code.
var contract apitest.Recorder

func TestMain(m *testing.M) { os.Exit(contract.Main(m)) }
