# Convenience commands for tfbench (the original's Makefile, mapped onto this stack).
# `make help` lists them. Targets marked [docker] need Docker with Compose; the rest run on
# Node.js alone. Compose: `docker compose` when available, else `docker-compose`; override
# with `make up COMPOSE=...`.

COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose)
NPM ?= npm
# Local copies of the committed examples: `make setup` creates the missing ones. Compose reads
# the same `.env` for its settings (docker-compose.yml has a default for each).
ENV_FILES := .env

.DEFAULT_GOAL := help
.PHONY: help setup install env-files dev build up down logs clean migrate seed shell-api shell-web \
        shell-db test test-api lint lint-api lint-web bench start-prod smoke compose-migrate compose-seed

help: ## Show all available commands
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z_-]+:.*## / { printf "  make %-16s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

setup: install env-files ## Install dependencies from the lockfile and create missing env files from the examples

install: ## Install dependencies from the lockfile (npm ci)
	$(NPM) ci

env-files: ## Copy each *.env.example to its local file if that file is missing (never overwrites)
	@for f in $(ENV_FILES); do \
	  if [ -f "$$f" ]; then echo "kept    $$f"; else cp "$$f.example" "$$f" && echo "created $$f (from $$f.example)"; fi; \
	done

dev: env-files ## [docker] Start every service in the foreground, rebuilding images
	$(COMPOSE) up --build

build: ## [docker] Build all Docker images (api, worker, web, mock-tinyfish)
	$(COMPOSE) --profile mock build

up: env-files ## [docker] Start services in the background
	$(COMPOSE) up -d --build

down: ## [docker] Stop all services (data volumes are kept)
	$(COMPOSE) --profile mock down

logs: ## [docker] Follow the logs of all services
	$(COMPOSE) logs -f --tail=200

clean: ## [docker] Remove containers, volumes (the database!), local images, and build output
	$(COMPOSE) --profile mock down --volumes --rmi local --remove-orphans
	rm -rf dist apps/web/.next

migrate: ## Run database migrations against the configured database (DATABASE_URL, else PGlite)
	$(NPM) run migrate

seed: ## Create the example automations and scenarios (idempotent)
	$(NPM) run seed

compose-migrate: env-files ## [docker] Run database migrations in the compose stack
	$(COMPOSE) run --rm migrate

compose-seed: env-files ## [docker] Create the example data in the compose stack's database
	$(COMPOSE) run --rm api node dist/seed/main.js

shell-api: ## [docker] Open a shell in the API container
	$(COMPOSE) exec api sh

shell-web: ## [docker] Open a shell in the web container
	$(COMPOSE) exec web sh

shell-db: ## [docker] Open a PostgreSQL shell (psql) in the database container
	$(COMPOSE) exec postgres sh -c 'psql -U "$$POSTGRES_USER" "$$POSTGRES_DB"'

test: ## Type-check, lint, check dependencies, run every test (npm test)
	$(NPM) test

test-api: ## Run the API's tests
	npx vitest run apps/api

lint: ## Lint and format-check everything (Biome)
	$(NPM) run lint

lint-api: ## Lint the API, the worker and the packages (Biome)
	npx biome check apps/api apps/worker packages

lint-web: ## Lint the dashboard (Biome)
	npx biome check apps/web

bench: ## Run the performance benchmarks: every npm script bench*, or one with BENCH=<name>
	@scripts="$(if $(BENCH),bench:$(BENCH),$$(node -p "Object.keys(require('./package.json').scripts).filter(s => /^bench(:|$$)/.test(s)).join(' ')"))"; \
	if [ -z "$$scripts" ]; then echo "no bench scripts in package.json"; exit 1; fi; \
	for s in $$scripts; do echo "== npm run $$s"; $(NPM) run "$$s" || exit 1; done

start-prod: ## Start the production build: api, workers (WORKERS=n) and web as separate processes
	$(NPM) run build && $(NPM) run build:web && $(NPM) run start:prod -- $(if $(WORKERS),--workers $(WORKERS))

smoke: ## Production smoke test on PostgreSQL + Redis: build, start api, two workers, web; run a benchmark
	$(NPM) run smoke:prod
