package tlog

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
)

// factory builds compact ranges with the tree's hash.
var factory = &compact.RangeFactory{Hash: Hasher.HashChildren}

// treeSize is how many leaves the tree holds: one past the last leaf's index.
func treeSize(ctx context.Context, tx pgx.Tx) (uint64, error) {
	var size int64
	err := tx.QueryRow(ctx, "SELECT coalesce(max(idx) + 1, 0) FROM tlog_node WHERE level = 0").Scan(&size)
	return uint64(size), err
}

// nodeHashes reads the hashes of ids, in their order, in one query. A node the tree does not
// hold is an error: the caller asked about a size larger than the tree.
func nodeHashes(ctx context.Context, tx pgx.Tx, ids []compact.NodeID) ([][]byte, error) {
	if len(ids) == 0 {
		return [][]byte{}, nil
	}
	levels, idxs := make([]int16, len(ids)), make([]int64, len(ids))
	for i, id := range ids {
		levels[i], idxs[i] = int16(id.Level), int64(id.Index)
	}
	rows, err := tx.Query(ctx, `SELECT n.hash FROM unnest($1::smallint[], $2::bigint[]) WITH ORDINALITY AS u(level, idx, i)
		LEFT JOIN tlog_node n ON n.level = u.level AND n.idx = u.idx ORDER BY u.i`, levels, idxs)
	if err != nil {
		return nil, err
	}
	hashes, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return nil, err
	}
	for i, h := range hashes {
		if h == nil {
			return nil, fmt.Errorf("tlog: the tree holds no node %d at level %d", ids[i].Index, ids[i].Level)
		}
	}
	return hashes, nil
}

// rootAt is the root hash of the tree's first size leaves.
func rootAt(ctx context.Context, tx pgx.Tx, size uint64) ([]byte, error) {
	if size == 0 {
		return Hasher.EmptyRoot(), nil
	}
	hashes, err := nodeHashes(ctx, tx, compact.RangeNodes(0, size, nil))
	if err != nil {
		return nil, err
	}
	r, err := factory.NewRange(0, size, hashes)
	if err != nil {
		return nil, err
	}
	return r.GetRootHash(nil)
}

// buildProof fetches the nodes a proof needs and folds its ephemeral node.
func buildProof(ctx context.Context, tx pgx.Tx, nodes proof.Nodes, err error) ([][]byte, error) {
	if err != nil {
		return nil, err
	}
	hashes, err := nodeHashes(ctx, tx, nodes.IDs)
	if err != nil {
		return nil, err
	}
	return nodes.Rehash(hashes, Hasher.HashChildren)
}

// inclusionProof proves leaf index is in the tree of size leaves.
func inclusionProof(ctx context.Context, tx pgx.Tx, index, size uint64) ([][]byte, error) {
	nodes, err := proof.Inclusion(index, size)
	return buildProof(ctx, tx, nodes, err)
}

// consistencyProof proves the tree of size1 leaves is a prefix of the tree of size2.
func consistencyProof(ctx context.Context, tx pgx.Tx, size1, size2 uint64) ([][]byte, error) {
	nodes, err := proof.Consistency(size1, size2)
	return buildProof(ctx, tx, nodes, err)
}

// nodeAt is the one node at level and index, as a list for nodeHashes.
func nodeAt(level uint, index uint64) []compact.NodeID {
	return []compact.NodeID{compact.NewNodeID(level, index)}
}
