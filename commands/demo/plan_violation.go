package demo

import (
	"context"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// windowWait is safely past a 10-calendar-day window even when its end moves over a long run of
// days off.
const windowWait = 18 * 24 * time.Hour

// violation plans a building-violation case reported by an inspector: notice, defence,
// rulings, appeal, enforcement, payment of the fine and closure; the catalogue's plot rules
// hold its plot while it runs. It stops at a random stage for about half of them.
func (p *planner) violation() []step {
	r := p.rng
	p.submit("inspection", p.inspector)
	if p.uses(catalogue.StepSiteInspection) {
		p.add("schedule inspection", days(r, 0.5, 3), p.clerk, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.ScheduleInspection{Inspector: p.inspector.ID, On: jalali.Instant{Time: p.clock.Now().Add(24 * time.Hour)}}, p.clerk, nil)
		})
		area := int64(2000 + r.Intn(20000))
		p.add("record inspection", days(r, 1, 3), p.inspector, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.RecordInspection{Findings: "احداث طبقه مازاد بر پروانه",
				MeasuredAreaDM2: area, ViolationFound: true}, p.inspector, nil)
		})
	}
	if p.uses(catalogue.StepEngineeringReview) {
		p.add("record review", days(r, 1, 5), p.inspector, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.RecordReview{Summary: "عدم رعایت مقررات ملی ساختمان"}, p.inspector, nil)
		})
	}
	p.add("serve notice", days(r, 1, 5), p.clerk, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
		return c.Run(ctx, id, cases.ServeNotice{ServedOn: jalali.Instant{Time: p.clock.Now()}}, p.clerk, nil)
	})
	wait := windowWait + days(r, 0, 15)
	if r.Float64() < 0.5 {
		gap := days(r, 1, 8)
		wait -= gap
		p.add("file defence", gap, p.citizen, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.FileDefence{Statement: "بنا پیش از طرح تفصیلی ساخته شده", FiledOn: jalali.Instant{Time: p.clock.Now()}}, p.citizen, nil)
		})
	}
	ruling := p.ruling(p.uses(catalogue.StepPayment))
	p.add("first instance ruling", wait, p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
		return c.Run(ctx, id, cases.RuleFirstInstance{Ruling: ruling, NotifiedOn: jalali.Instant{Time: p.clock.Now()}}, p.boss, nil)
	})
	if r.Float64() < 0.4 {
		p.add("file appeal", days(r, 1, 8), p.citizen, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.FileAppeal{Grounds: "مساحت اشتباه اندازه‌گیری شده", FiledOn: jalali.Instant{Time: p.clock.Now()}}, p.citizen, nil)
		})
		if ruling.Kind == cases.RulingFine {
			ruling.FineRials = ruling.FineRials * 6 / 10
		}
		final := ruling
		p.add("appeal ruling", days(r, 10, 30), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.RuleAppeal{Ruling: final}, p.boss, nil)
		})
	} else {
		p.extra = windowWait // what comes next waits for the appeal window to close
	}
	p.conclude(ruling)
	if r.Float64() < 0.5 {
		return p.steps[:1+r.Intn(len(p.steps))]
	}
	return p.steps
}

// conclude enforces the final ruling, collects a fine and closes the case, which releases its
// plot.
func (p *planner) conclude(ruling cases.Ruling) {
	r := p.rng
	if ruling.Kind != cases.RulingDismissed {
		action := string(ruling.Kind)
		if ruling.Kind == cases.RulingFine {
			action = "collection"
		}
		p.add("enforce", days(r, 1, 10), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.Enforce{Action: action}, p.boss, nil)
		})
	}
	if ruling.Kind == cases.RulingFine && !p.pay(r.Float64() < 0.2) {
		return
	}
	p.add("close", days(r, 0.5, 5), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
		return c.Run(ctx, id, cases.Close{Reason: "حکم اجرا شد"}, p.boss, nil)
	})
}

// ruling draws a commission's order: mostly fines, some demolitions, restorations and dismissals.
// Only a service with a payment step can collect a fine.
func (p *planner) ruling(fines bool) cases.Ruling {
	switch x := p.rng.Float64(); {
	case x < 0.6 && fines:
		return cases.Ruling{Kind: cases.RulingFine, FineRials: int64(20+p.rng.Intn(400)) * 1_000_000, Summary: "جریمه مازاد بنا"}
	case x < 0.7:
		return cases.Ruling{Kind: cases.RulingDemolition, Summary: "قلع بنای مازاد"}
	case x < 0.8:
		return cases.Ruling{Kind: cases.RulingRestoration, Summary: "اعاده به وضع سابق"}
	}
	return cases.Ruling{Kind: cases.RulingDismissed, Summary: "تخلفی احراز نشد"}
}
