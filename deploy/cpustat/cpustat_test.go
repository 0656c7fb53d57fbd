package cpustat_test

import (
	"os"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/deploy/cpustat"
)

// Busy work shows in this process's time and in the machine's, and neither goes backwards.
func TestTimesGrowWithWork(t *testing.T) {
	machine0, err := cpustat.MachineBusy()
	if err != nil {
		t.Fatal(err)
	}
	self0, err := cpustat.Process(os.Getpid(), false)
	if err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(200 * time.Millisecond); time.Now().Before(end); {
	}
	machine1, err := cpustat.MachineBusy()
	if err != nil {
		t.Fatal(err)
	}
	self1, err := cpustat.Process(os.Getpid(), true)
	if err != nil {
		t.Fatal(err)
	}
	if self1 <= self0 || machine1 <= machine0 {
		t.Fatalf("after 200 ms of work: this process %.2f → %.2f s, the machine %.2f → %.2f s", self0, self1, machine0, machine1)
	}
	if _, err := cpustat.Process(-1, false); err == nil {
		t.Fatal("a process that does not exist has a CPU time")
	}
	if kids := cpustat.Children(os.Getppid()); len(kids) == 0 {
		t.Fatal("this test's parent lists no children")
	}
}
