package documents

import (
	"context"
	"sync"
	"testing"

	"github.com/google/uuid"
)

func TestTurns(t *testing.T) {
	t.Run("lets one caller at a time work on a case and forgets it after", func(t *testing.T) {
		var tu turns
		id := uuid.New()
		var wg sync.WaitGroup
		inside, most := 0, 0
		var mu sync.Mutex
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				release, err := tu.take(context.Background(), id)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				inside++
				most = max(most, inside)
				mu.Unlock()
				mu.Lock()
				inside--
				mu.Unlock()
				release()
			}()
		}
		wg.Wait()
		if most != 1 || len(tu.cases) != 0 {
			t.Fatalf("%d callers inside at once, %d cases remembered", most, len(tu.cases))
		}
	})
	t.Run("a caller who gives up stops waiting; other cases never wait", func(t *testing.T) {
		var tu turns
		id := uuid.New()
		release, _ := tu.take(context.Background(), id)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := tu.take(ctx, id); err == nil {
			t.Fatal("took a held turn with an ended context")
		}
		other, err := tu.take(context.Background(), uuid.New())
		if err != nil {
			t.Fatal(err)
		}
		other()
		release()
		if len(tu.cases) != 0 {
			t.Fatalf("%d cases remembered", len(tu.cases))
		}
	})
}
