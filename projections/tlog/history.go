package tlog

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgmigrate"
	"github.com/shafaf-city/shafaf/domain"
)

//go:embed checkpoints/*.sql
var historyMigrations embed.FS

// History is every checkpoint the log has signed, oldest first.
type History struct{ pool *pgxpool.Pool }

// OpenHistory creates or updates the checkpoint table.
func OpenHistory(ctx context.Context, pool *pgxpool.Pool) (*History, error) {
	files, err := fs.Sub(historyMigrations, "checkpoints")
	if err != nil {
		return nil, err
	}
	if err := pgmigrate.Apply(ctx, pool, "tlog_checkpoints", files); err != nil {
		return nil, err
	}
	return &History{pool: pool}, nil
}

// ErrNoCheckpoint is Latest before the first checkpoint is signed.
var ErrNoCheckpoint = domain.NotFound("the transparency log has signed no checkpoint yet")

// Latest is the newest checkpoint.
func (h *History) Latest(ctx context.Context) (Checkpoint, error) {
	cps, err := h.query(ctx, "SELECT "+checkpointColumns+" FROM tlog_checkpoint ORDER BY size DESC LIMIT 1")
	if err != nil {
		return Checkpoint{}, err
	}
	if len(cps) == 0 {
		return Checkpoint{}, ErrNoCheckpoint
	}
	return cps[0], nil
}

// From lists up to limit checkpoints of size >= from, oldest first.
func (h *History) From(ctx context.Context, from uint64, limit int) ([]Checkpoint, error) {
	return h.query(ctx, "SELECT "+checkpointColumns+" FROM tlog_checkpoint WHERE size >= $1 ORDER BY size LIMIT $2", int64(from), limit)
}

const checkpointColumns = "size, root, note, signed_at"

func (h *History) query(ctx context.Context, sql string, args ...any) ([]Checkpoint, error) {
	rows, err := h.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Checkpoint, error) {
		var c Checkpoint
		var size int64
		err := row.Scan(&size, &c.Root, &c.Note, &c.SignedAt)
		c.Size, c.SignedAt = uint64(size), c.SignedAt.UTC()
		c.Origin, _, _ = strings.Cut(c.Note, "\n")
		return c, err
	})
}

// add keeps a new checkpoint. Two replicas signing the same head write the same note (Ed25519
// signatures are deterministic), so the second insert is a no-op.
func (h *History) add(ctx context.Context, c Checkpoint) error {
	_, err := h.pool.Exec(ctx, `INSERT INTO tlog_checkpoint (size, root, note, signed_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (size) DO NOTHING`, int64(c.Size), c.Root, c.Note, c.SignedAt)
	return err
}

// latestOrNone is Latest with the empty log's zero checkpoint before the first.
func (h *History) latestOrNone(ctx context.Context) (Checkpoint, error) {
	c, err := h.Latest(ctx)
	if errors.Is(err, ErrNoCheckpoint) {
		return Checkpoint{Root: Hasher.EmptyRoot()}, nil
	}
	return c, err
}
