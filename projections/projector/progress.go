package projector

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// logEvery spaces the plain progress lines written when the output is not a terminal.
const logEvery = 5 * time.Second

// ProgressBar returns a Rebuild progress callback that draws a bar redrawn in place on a
// terminal, or writes a plain line every few seconds (and at the end) to a file, pipe or log.
func ProgressBar(w io.Writer) func(done, total uint64, rate float64) {
	return progressWriter(w, isTerminal(w), time.Now)
}

// isTerminal reports whether w is a character device, without a terminal library.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func progressWriter(w io.Writer, tty bool, now func() time.Time) func(done, total uint64, rate float64) {
	var last time.Time
	return func(done, total uint64, rate float64) {
		finished := total > 0 && done >= total
		if tty {
			fmt.Fprintf(w, "\r%s", progressLine(done, total, rate, true))
			if finished {
				fmt.Fprintln(w)
			}
			return
		}
		if t := now(); finished || t.Sub(last) >= logEvery {
			last = t
			fmt.Fprintln(w, progressLine(done, total, rate, false))
		}
	}
}

// progressLine renders "[#####-----]  50.0%  1000/2000 events  400 ev/s  ETA 3s".
func progressLine(done, total uint64, rate float64, bar bool) string {
	if total == 0 {
		return fmt.Sprintf("rebuild: %d events  %.0f ev/s", done, rate)
	}
	frac := min(float64(done)/float64(total), 1)
	eta := "?"
	if rate > 0 {
		eta = time.Duration(float64(total-min(done, total)) / rate * float64(time.Second)).Round(time.Second).String()
	}
	s := fmt.Sprintf("%5.1f%%  %d/%d events  %.0f ev/s  ETA %s", 100*frac, done, total, rate, eta)
	if !bar {
		return "rebuild: " + s
	}
	const width = 30
	filled := int(frac * width)
	return "[" + strings.Repeat("#", filled) + strings.Repeat("-", width-filled) + "] " + s
}
