-- Runs record their upstream id under a provider-neutral name, and the provider that executed
-- them; the TinyFish id the API presents is derived from the two. Existing ids are kept.
ALTER TABLE "runs" ADD COLUMN "provider" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "upstream_run_id" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "provider_metrics" jsonb;--> statement-breakpoint
UPDATE "runs" SET "upstream_run_id" = "tinyfish_run_id", "provider" = 'tinyfish' WHERE "tinyfish_run_id" IS NOT NULL;--> statement-breakpoint
DROP INDEX "runs_tinyfish_run_id_idx";--> statement-breakpoint
ALTER TABLE "runs" DROP COLUMN "tinyfish_run_id";--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "tinyfish_run_id" text GENERATED ALWAYS AS (case when provider = 'tinyfish' then upstream_run_id end) STORED;--> statement-breakpoint
CREATE INDEX "runs_upstream_run_id_idx" ON "runs" USING btree ("upstream_run_id");
