-- The application's database role (docs/operations.md, "Database roles"), run by docker-compose's
-- one-shot db-roles service as the owner of the database (POSTGRES_USER) before every migrate:
--   psql -v app_role=soplan_app -v app_password=... -f scripts/db-roles.sql
-- Safe to run again: it creates the role once and sets its password each time. The role owns
-- nothing; `manage.py migrate` (as the owner) grants it what it may do (plans.protection).
\set ON_ERROR_STOP on
SELECT format('CREATE ROLE %I LOGIN', :'app_role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_role') \gexec
ALTER ROLE :"app_role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'app_role') \gexec
