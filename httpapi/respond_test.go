package httpapi

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestJSONWritesWhatCJSONWould(t *testing.T) {
	gin.SetMode(gin.TestMode)
	r := gin.New()
	v := map[string]any{"تاریخ": "۱۴۰۵/۰۹/۱۶", "html": "<b>&</b>"}
	r.GET("/new", func(c *gin.Context) { JSON(c, http.StatusCreated, v) })
	r.GET("/gin", func(c *gin.Context) { c.JSON(http.StatusCreated, v) })
	r.GET("/typed", func(c *gin.Context) {
		c.Header("Content-Type", "application/problem+json")
		JSON(c, http.StatusNotFound, v)
	})
	r.GET("/none", func(c *gin.Context) { JSON(c, http.StatusNoContent, v) })
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}
	got, want := get("/new"), get("/gin")
	if got.Code != want.Code || got.Body.String() != want.Body.String()+"\n" || got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
		t.Fatalf("JSON wrote %d %q %q; c.JSON %d %q %q", got.Code, got.Header().Get("Content-Type"), got.Body,
			want.Code, want.Header().Get("Content-Type"), want.Body)
	}
	if typed := get("/typed"); typed.Header().Get("Content-Type") != "application/problem+json" || typed.Code != http.StatusNotFound {
		t.Fatalf("a content type set before was replaced: %d %q", typed.Code, typed.Header().Get("Content-Type"))
	}
	if none := get("/none"); none.Code != http.StatusNoContent || none.Body.Len() != 0 {
		t.Fatalf("204 answered %d with %q", none.Code, none.Body)
	}
}

// Every JSON answer goes through JSON; a handler calling gin's c.JSON would bring back the
// copy of every response it exists to avoid.
func TestNoHandlerCallsGinsJSON(t *testing.T) {
	ginJSON := regexp.MustCompile(`\bc\.(JSON|IndentedJSON|PureJSON|SecureJSON|AsciiJSON)\(`)
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if loc := ginJSON.FindIndex(src); loc != nil {
			t.Errorf("%s:%d calls gin's %s; use httpapi.JSON", path, 1+strings.Count(string(src[:loc[0]]), "\n"), src[loc[0]:loc[1]])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
