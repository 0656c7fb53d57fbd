package httpapi

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// caseExport is one case's full trail as a court or a commission receives it: every event with
// its facts and changes, and where the signed transparency log commits to it.
type caseExport struct {
	timeline
	ExportedAt moment   `json:"exported_at"`
	ExportedBy staffRef `json:"exported_by"`
	// Checkpoint is the signed checkpoint the events' leaves are placed in; absent before the
	// first checkpoint or without a transparency log.
	Checkpoint *tlog.Checkpoint `json:"checkpoint,omitempty"`
}

// exportCase answers the case's trail as JSON or CSV (?format=, else the Accept header). Like
// the timeline it includes the applicant's personal facts, so only those who may export the
// case's history (access.ExportHistory: its own applicant, the department's supervisor,
// auditors) receive it.
func (s *Server) exportCase(c *gin.Context) {
	format, err := exportFormat(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	t, ok := s.trail(c, access.ExportHistory)
	if !ok {
		return
	}
	cp, err := s.placeInLog(c, t.Events)
	if err != nil {
		s.writeError(c, err)
		return
	}
	by, _ := s.actor(c)
	out := caseExport{timeline: t, ExportedAt: momentOf(time.Now()), Checkpoint: cp,
		ExportedBy: staffRef{ID: by.ID, Role: by.Role, Department: by.Principal.Department}}
	name := "case-" + cmp.Or(t.TrackingNumber, t.CaseID.String()) + "-trail." + format
	c.Header("Content-Disposition", contentDisposition(name))
	if format == "json" {
		JSON(c, http.StatusOK, out)
		return
	}
	c.Data(http.StatusOK, "text/csv; charset=utf-8", exportCSV(out))
}

// exportFormat is ?format= (csv or json) or, without it, CSV when the Accept header asks for
// it; JSON otherwise.
func exportFormat(c *gin.Context) (string, error) {
	switch f := c.Query("format"); f {
	case "csv", "json":
		return f, nil
	case "":
		if strings.Contains(c.GetHeader("Accept"), "text/csv") {
			return "csv", nil
		}
		return "json", nil
	default:
		return "", domain.Invalid(domain.FieldError{Field: "format", Code: "one_of", Message: "format must be one of csv, json"})
	}
}

// placeInLog fills each event's place in the newest checkpoint's tree, for those it covers.
func (s *Server) placeInLog(c *gin.Context, events []trailEntry) (*tlog.Checkpoint, error) {
	if s.cfg.Transparency == nil {
		return nil, nil
	}
	cp, err := s.cfg.Transparency.Latest(c)
	if errors.Is(err, tlog.ErrNoCheckpoint) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ids := make([]uuid.UUID, len(events))
	for i, e := range events {
		ids[i] = e.EventID
	}
	proofs, err := s.cfg.Transparency.InclusionsSoFar(c, ids, cp.Size)
	if err != nil {
		return nil, err
	}
	for i, p := range proofs {
		if p != nil {
			events[i].Transparency = &leafRef{LeafIndex: p.Index, TreeSize: p.Size, LeafHash: p.LeafHash,
				ProofURL: "/transparency/proof/" + p.EventID.String() + "?size=" + strconv.FormatUint(p.Size, 10)}
		}
	}
	return &cp, nil
}

// exportColumns head the CSV, one row per event.
var exportColumns = []string{"event_id", "revision", "event_type", "time_jalali", "time_utc", "actor_id", "actor_role",
	"actor_department", "status_before", "status_after", "reason", "facts", "changes", "tlog_leaf_index",
	"tlog_tree_size", "tlog_leaf_hash", "tlog_proof_url"}

// exportCSV writes the export for spreadsheets: a UTF-8 byte order mark so Excel reads Persian,
// facts as "key=value" and changes as "field: before → after", each list in one cell.
func exportCSV(e caseExport) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	_ = w.Write(exportColumns)
	for _, ev := range e.Events {
		facts := make([]string, len(ev.Facts))
		for i, f := range ev.Facts {
			facts[i] = f.Key + "=" + f.valueView.String()
		}
		changes := make([]string, len(ev.Changes))
		for i, ch := range ev.Changes {
			changes[i] = ch.Field + ": " + ch.Before.String() + " → " + ch.After.String()
		}
		leaf := make([]string, 4)
		if l := ev.Transparency; l != nil {
			leaf = []string{strconv.FormatUint(l.LeafIndex, 10), strconv.FormatUint(l.TreeSize, 10), hex.EncodeToString(l.LeafHash), l.ProofURL}
		}
		row := append([]string{ev.EventID.String(), strconv.FormatUint(ev.Revision, 10), ev.Type, ev.At.Jalali,
			ev.At.UTC.Format(time.RFC3339), ev.Actor.ID, ev.Actor.Role, ev.Actor.Department, string(ev.StatusBefore),
			string(ev.StatusAfter), ev.Reason, strings.Join(facts, "; "), strings.Join(changes, "; ")}, leaf...)
		for i := range row {
			row[i] = inertCell(row[i])
		}
		_ = w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// inertCell keeps a spreadsheet from running a cell as a formula (CSV injection): text that
// starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe.
func inertCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// String is the value as one spreadsheet cell shows it: the text, or the Jalali moment and UTC.
func (v valueView) String() string {
	if v.At == nil {
		return v.Text
	}
	return v.At.Jalali + " (" + v.At.UTC.Format(time.RFC3339) + ")"
}
