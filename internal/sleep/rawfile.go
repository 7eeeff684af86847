package sleep

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
)

// rawSplitter cuts a raw recording into pieces (one client, one hour) as
// the reader streams it, the way splitRaw cuts a recording held whole:
// the same cuts at hour and link boundaries, the same decision per stretch
// by its first sample's time, the same refusals. A piece is converted to
// milli-g and compressed when it ends, so the recording's float samples
// never exist whole: what the splitter holds is the open piece (at most
// an hour) and the compressed pieces before it. A gap (a reader's record
// of missing samples) is missing samples of its pieces, written one hour
// at a time, so a long gap costs time in proportion, never memory
// (issue 9).
type rawSplitter struct {
	s       *Service
	ctx     context.Context
	links   []Link
	res     *Result
	rateMHz uint32
	rate    float64
	startUS int64

	linkCuts []int64 // sample indexes where a link begins or ends, ascending

	pos    int64 // index of the next sample
	segEnd int64 // end (exclusive) of the current stretch; 0 before the first
	segAt  time.Time
	segN   int64 // samples of the current stretch so far
	client int64 // the current stretch's client; 0 when it is refused
	basis  bool  // with client 0: refused for want of a basis, not a link

	open    bool // cur is being filled
	cur     piece
	x, y, z []int16

	pieces []piece
	ref    refusals
	valid  int // samples delivered with data
}

func (s *Service) newRawSplitter(ctx context.Context, links []Link, start time.Time, rateMHz uint32, res *Result) *rawSplitter {
	sp := &rawSplitter{s: s, ctx: ctx, links: links, res: res, rateMHz: rateMHz, rate: float64(rateMHz) / 1000, startUS: start.UnixMicro()}
	for _, l := range links {
		for _, t := range []time.Time{l.Start, l.End} {
			if !t.IsZero() && t.UnixMicro() > sp.startUS {
				sp.linkCuts = append(sp.linkCuts, sp.idx(t.UnixMicro()))
			}
		}
	}
	slices.Sort(sp.linkCuts)
	sp.linkCuts = slices.Compact(sp.linkCuts)
	return sp
}

// at is the time of sample i in Unix µs, as splitRaw computes it.
func (sp *rawSplitter) at(i int64) int64 {
	return sp.startUS + int64(math.Round(float64(i)*1e6/sp.rate))
}

// idx is the index of the first sample at or after us (splitRaw's, without
// the recording's end, which a stream does not know yet).
func (sp *rawSplitter) idx(us int64) int64 {
	i := int64(math.Ceil(float64(us-sp.startUS) * sp.rate / 1e6))
	for i > 0 && sp.at(i-1) >= us {
		i--
	}
	for sp.at(i) < us {
		i++
	}
	return max(0, i)
}

// nextCut is the first cut after sample pos: the next hour boundary or
// link boundary.
func (sp *rawSplitter) nextCut(pos int64) int64 {
	const hour = 3600_000000
	end := sp.idx((sp.at(pos)/hour + 1) * hour)
	for _, c := range sp.linkCuts {
		if c > pos {
			end = min(end, c)
			break
		}
	}
	return end
}

// begin starts the stretch at sp.pos: who it belongs to, or why it is
// refused.
func (sp *rawSplitter) begin() error {
	a := sp.pos
	sp.segEnd = sp.nextCut(a)
	sp.segN = 0
	sp.segAt = time.UnixMicro(sp.at(a)).UTC()
	sp.client, sp.basis = 0, false
	var link *Link
	for i := range sp.links {
		if sp.links[i].Covers(sp.segAt) {
			link = &sp.links[i]
			break
		}
	}
	if link == nil {
		return nil
	}
	ok, err := sp.s.hasBasis(sp.ctx, link.ClientID, sp.segAt)
	if err != nil {
		return err
	}
	if !ok {
		sp.basis = true
		sp.client = link.ClientID // for the refusal only
		return nil
	}
	sp.client = link.ClientID
	sp.open = true
	sp.cur = piece{clientID: link.ClientID, hour: sp.at(a) / 3600_000000 * 3600, from: int(a), blk: &Block{Start: sp.segAt, RateMHz: sp.rateMHz}}
	sp.x, sp.y, sp.z = sp.x[:0], sp.y[:0], sp.z[:0]
	if sp.res.First.IsZero() {
		sp.res.First = sp.segAt
	}
	return nil
}

// end closes the current stretch: a piece is compressed and kept, a
// refusal counted.
func (sp *rawSplitter) end() error {
	if sp.segN == 0 {
		return nil
	}
	if !sp.open {
		if sp.basis {
			sp.ref.noBasis(sp.client, sp.segAt, int(sp.segN))
		} else {
			sp.ref.outside(sp.segAt, int(sp.segN))
		}
		sp.segN = 0
		return nil
	}
	sp.open = false
	sp.segN = 0
	p := sp.cur
	p.to = sp.cur.from + len(sp.x)
	p.blk.X, p.blk.Y, p.blk.Z = sp.x, sp.y, sp.z
	enc, err := EncodeBlock(p.blk)
	if err != nil {
		return err
	}
	p.enc = enc
	p.blk.X, p.blk.Y, p.blk.Z = nil, nil, nil
	sp.pieces = append(sp.pieces, p)
	sp.res.Last = time.UnixMicro(sp.at(int64(p.to) - 1)).UTC()
	return nil
}

// add takes the next block of the recording.
func (sp *rawSplitter) add(b devicefile.Block) error {
	if err := sp.ctx.Err(); err != nil {
		return err
	}
	off := int64(0) // samples of b taken
	for off < b.Len() {
		if sp.segEnd == 0 || sp.pos >= sp.segEnd {
			if err := sp.end(); err != nil {
				return err
			}
			if err := sp.begin(); err != nil {
				return err
			}
		}
		n := min(b.Len()-off, sp.segEnd-sp.pos)
		if sp.open {
			if b.Gap > 0 {
				for range n {
					sp.x = append(sp.x, MissingSample)
					sp.y = append(sp.y, MissingSample)
					sp.z = append(sp.z, MissingSample)
				}
			} else {
				for j := off; j < off+n; j++ {
					x, y, z := MilliG(b.X[j]), MilliG(b.Y[j]), MilliG(b.Z[j])
					if x == MissingSample || y == MissingSample || z == MissingSample {
						x, y, z = MissingSample, MissingSample, MissingSample
					} else {
						sp.valid++
					}
					sp.x, sp.y, sp.z = append(sp.x, x), append(sp.y, y), append(sp.z, z)
				}
			}
		}
		sp.segN += n
		sp.pos += n
		off += n
	}
	return nil
}

// finish ends the last stretch and reports the refusals; it returns the
// pieces.
func (sp *rawSplitter) finish() ([]piece, error) {
	if err := sp.end(); err != nil {
		return nil, err
	}
	if err := sp.s.reportRefused(sp.ctx, sp.res, sp.ref, false); err != nil {
		return nil, err
	}
	return sp.pieces, nil
}

// rawBlocks hands a recording held in memory to fn in blocks, as a reader
// streams one (NaN samples stay NaN: MilliG marks them missing).
func rawBlocks(raw *devicefile.Raw, fn func(devicefile.Block) error) error {
	const step = 1 << 12
	for i := 0; i < raw.Len(); i += step {
		j := min(i+step, raw.Len())
		if err := fn(devicefile.Block{Index: int64(i), X: raw.X[i:j], Y: raw.Y[i:j], Z: raw.Z[i:j]}); err != nil {
			return err
		}
	}
	return nil
}
