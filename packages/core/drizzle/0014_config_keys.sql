ALTER TABLE "automations" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "scenarios" ADD COLUMN "key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "automations_key_idx" ON "automations" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "scenarios_key_idx" ON "scenarios" USING btree ("key");