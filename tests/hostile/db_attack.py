"""The attacker's script, run inside its box before it serves: every route to the database server it
should not have, written as one JSON line per attempt to attack.log in its workspace."""

ATTACK = r"""
import glob, json, os, sys, time
import psycopg

log = open("attack.log", "a")

def record(route, allowed, detail):
    log.write(json.dumps({"route": route, "allowed": allowed, "detail": str(detail)[:200]}) + "\n")
    log.flush()

def attempt(route, **connect):
    try:
        with psycopg.connect(connect_timeout=3, **connect) as conn:
            record(route, True, conn.execute("SELECT current_user, current_database()").fetchone())
    except psycopg.Error as exc:
        record(route, False, exc)

def query(route, sql):
    try:
        with psycopg.connect(os.environ["DATABASE_URL"], connect_timeout=3, autocommit=True) as conn:
            record(route, True, conn.execute(sql).fetchall())
    except psycopg.Error as exc:
        record(route, False, exc)

host, port = os.environ["PGHOST"], os.environ["PGPORT"]
mine = dict(host=host, port=port, user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"])
target = open("target.txt").read().strip()
folders = ("/dev/shm/cagent-pg-*", "/tmp/cagent-pg-*", "/var/run/postgresql", "/run/postgresql")
sockets = [path for folder in folders for path in glob.glob(f"{folder}/.s.PGSQL.*")]
record("server socket visible", bool(sockets), sockets)
for path in sockets:
    attempt("superuser through the socket", host=os.path.dirname(path), user="postgres", dbname="postgres")
for password in ("", "postgres", "password"):
    attempt("superuser over TCP", host=host, port=port, user="postgres", password=password, dbname="postgres")
for database in ("postgres", "template1", "cagent_template", target):
    attempt(f"own role into {database}", dbname=database, **mine)
attempt("target role without its password", host=host, port=port, user=target, password="", dbname=target)
query("list databases", "SELECT datname FROM pg_database")
query("list roles", "SELECT rolname FROM pg_roles")
query("sessions of others", "SELECT datname, usename FROM pg_stat_activity WHERE usename <> current_user")
query("run a program", "COPY (SELECT 1) TO PROGRAM 'id > /tmp/owned'")
query("read a server file", "SELECT pg_read_file('/etc/passwd')")
query("create a role", "CREATE ROLE intruder LOGIN SUPERUSER")
record("done", False, "all routes tried")
"""
