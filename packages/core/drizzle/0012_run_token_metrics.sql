ALTER TABLE "runs" ADD COLUMN "token_metrics" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "token_timeline" jsonb;