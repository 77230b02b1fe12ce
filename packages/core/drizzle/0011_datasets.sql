CREATE TABLE "dataset_rows" (
	"dataset_id" integer NOT NULL,
	"idx" integer NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "dataset_rows_dataset_id_idx_pk" PRIMARY KEY("dataset_id","idx")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "datasets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"source" text NOT NULL,
	"row_count" integer NOT NULL,
	"fields" jsonb NOT NULL,
	"synthetic" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "datasets_source_check" CHECK ("source" IN ('json', 'jsonl', 'csv', 'sharegpt', 'synthetic')),
	CONSTRAINT "datasets_row_count_check" CHECK ("datasets"."row_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "dataset_row" integer;--> statement-breakpoint
ALTER TABLE "dataset_rows" ADD CONSTRAINT "dataset_rows_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;