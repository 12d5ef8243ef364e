"""Registration day (issue 15): versions of the facts registration decides on, kept by triggers, and the
enrolment's one round trip.

* ``registration_factsversion`` — per student, +1 by every statement that writes the student's
  enrolments, results, study plans, personal windows or student row (statement triggers with transition
  tables, so a bulk load bumps each student once per statement).
* ``registration_factsgeneration`` — one row, +1 by every statement that writes what many students
  share: periods, curricula, disciplines and prerequisites, sections (not their ``taken`` counter),
  credit limits and prices, people's names. Grading's sheets bump it from Python (registration.receivers).
* ``registration_enrol(...)`` — one enrolment in one statement (RG-9): the student's row lock (as the
  service takes it), the versions check, the seat (``UPDATE … WHERE taken < capacity``), the enrolment
  and its audit record. The decision itself was made before, in Python, by registration.policy.
"""

from django.db import migrations, models

# Per student: the ids of the students a statement touched, from its transition tables.
STUDENT_TRIGGERS = [  # (table, the column naming the student)
    ("academics_enrollment", "student_id"),
    ("academics_result", "student_id"),
    ("academics_student", "id"),
    ("registration_studyplan", "student_id"),
    ("registration_personalwindow", "student_id"),
]
# Shared: (table, the columns whose change matters; None: any). ``academics_section.taken`` is left out on
# purpose — every enrolment changes it, and the seat is checked in SQL, never from the cache.
SHARED_TRIGGERS = [
    ("academics_academicperiod", None),
    ("academics_curriculum", None),
    ("academics_curriculumitem", None),
    ("academics_discipline", None),
    ("academics_discipline_prerequisites", None),
    ("academics_section", ["code", "discipline_id", "period_id", "capacity", "instructor_id", "language",
                           "min_size"]),
    ("registration_creditlimit", None),
    ("registration_creditprice", None),
    ("accounts_user", ["full_name"]),
]

FUNCTIONS = r"""
-- Every new version and generation is a fresh number of one sequence: never handed out twice, not even
-- after a rollback, so a number read once can never stand for other facts later.
CREATE SEQUENCE IF NOT EXISTS registration_facts_seq;

CREATE OR REPLACE FUNCTION registration_bump_students(students bigint[]) RETURNS void AS $$
    INSERT INTO registration_factsversion (student_id, version)
    SELECT student, nextval('registration_facts_seq')
      FROM (SELECT DISTINCT student FROM unnest(students) AS student WHERE student IS NOT NULL) AS touched
     ORDER BY student
    ON CONFLICT (student_id) DO UPDATE SET version = EXCLUDED.version;
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION registration_students_changed() RETURNS trigger AS $$
DECLARE
    students bigint[];
BEGIN
    -- TG_ARGV[0] names the column holding the student; the transition tables hold the rows written.
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('SELECT array_agg(%I) FROM new_rows', TG_ARGV[0]) INTO students;
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT array_agg(%I) FROM old_rows', TG_ARGV[0]) INTO students;
    ELSE
        EXECUTE format('SELECT array_agg(s) FROM (SELECT %1$I AS s FROM new_rows '
                       'UNION SELECT %1$I FROM old_rows) t', TG_ARGV[0]) INTO students;
    END IF;
    IF students IS NOT NULL THEN
        PERFORM registration_bump_students(students);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION registration_bump_generation() RETURNS void AS $$
    INSERT INTO registration_factsgeneration (id, generation) VALUES (1, nextval('registration_facts_seq'))
    ON CONFLICT (id) DO UPDATE SET generation = EXCLUDED.generation;
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION registration_shared_changed() RETURNS trigger AS $$
BEGIN
    PERFORM registration_bump_generation();
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- One enrolment in one statement (RG-9). Outcomes: 'enrolled', 'waitlisted'; 'full' (no seat and no wait
-- list wanted: nothing written); 'stale' (the facts changed since they were read, or the student already
-- has this section: nothing written — the caller takes the full path).
CREATE OR REPLACE FUNCTION registration_enrol(
    p_student bigint, p_section bigint, p_version bigint, p_generation bigint, p_waitlist boolean,
    p_now timestamptz, p_actor bigint, p_actor_username text, p_student_username text, p_section_code text)
RETURNS TABLE (outcome text, enrollment_id bigint, version bigint) AS $$
DECLARE
    v_version bigint;
    v_generation bigint;
    v_id bigint;
    v_prior text;
    v_status text;
BEGIN
    -- One request of this student at a time: the very lock enrollment_create takes.
    PERFORM 1 FROM academics_student WHERE id = p_student FOR UPDATE;
    -- The student's version is locked too: nothing moves it before this transaction ends, so the version
    -- it ends with is this enrolment's alone (the caller's cache is then exactly the database's).
    SELECT f.version INTO v_version FROM registration_factsversion f
     WHERE f.student_id = p_student FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO registration_factsversion (student_id, version) VALUES (p_student, 0)
        ON CONFLICT (student_id) DO NOTHING;
        SELECT f.version INTO v_version FROM registration_factsversion f
         WHERE f.student_id = p_student FOR UPDATE;
    END IF;
    v_generation := coalesce((SELECT g.generation FROM registration_factsgeneration g WHERE g.id = 1), 0);
    SELECT e.id, e.status INTO v_id, v_prior FROM academics_enrollment e
     WHERE e.section_id = p_section AND e.student_id = p_student FOR UPDATE;
    IF v_version <> p_version OR v_generation <> p_generation OR v_prior IN ('enrolled', 'waitlisted') THEN
        RETURN QUERY SELECT 'stale'::text, NULL::bigint, v_version;
        RETURN;
    END IF;
    UPDATE academics_section SET taken = taken + 1 WHERE id = p_section AND taken < capacity;
    IF FOUND THEN
        v_status := 'enrolled';
    ELSIF p_waitlist THEN
        v_status := 'waitlisted';
    ELSE
        RETURN QUERY SELECT 'full'::text, NULL::bigint, v_version;
        RETURN;
    END IF;
    IF v_id IS NULL THEN
        INSERT INTO academics_enrollment (section_id, student_id, status, created_at, changed_at)
        VALUES (p_section, p_student, v_status, clock_timestamp(), clock_timestamp()) RETURNING id INTO v_id;
    ELSE  -- a dropped enrolment comes back; on the wait list it joins at the end (as the service does)
        UPDATE academics_enrollment SET status = v_status, created_at = p_now, changed_at = clock_timestamp()
         WHERE id = v_id;
    END IF;
    -- The record audit_record writes for the service: str(enrollment) is "username → section (status)".
    INSERT INTO audit_auditrecord (at, actor_id, actor_username, action, object_type, object_id, object_repr,
                                   before, after, reason, basis)
    VALUES (clock_timestamp(), p_actor, coalesce(p_actor_username, ''), 'enrollment.create',
            'academics.enrollment', v_id::text,
            left(p_student_username || ' → ' || p_section_code || ' (' || v_status || ')', 300),
            CASE WHEN v_prior IS NULL THEN NULL ELSE jsonb_build_object('status', v_prior) END,
            jsonb_build_object('status', v_status, 'section', p_section_code), 'registration', '');
    RETURN QUERY SELECT v_status, v_id,
        (SELECT f.version FROM registration_factsversion f WHERE f.student_id = p_student);
END $$ LANGUAGE plpgsql;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS registration_enrol(bigint, bigint, bigint, bigint, boolean, timestamptz, bigint, text,
                                           text, text);
DROP FUNCTION IF EXISTS registration_shared_changed();
DROP FUNCTION IF EXISTS registration_bump_generation();
DROP FUNCTION IF EXISTS registration_students_changed();
DROP FUNCTION IF EXISTS registration_bump_students(bigint[]);
DROP SEQUENCE IF EXISTS registration_facts_seq;
"""


def _student_triggers() -> tuple[str, str]:
    create, drop = [], []
    for table, column in STUDENT_TRIGGERS:
        for event, referencing in (("INSERT", "NEW TABLE AS new_rows"), ("DELETE", "OLD TABLE AS old_rows"),
                                   ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows")):
            name = f"registration_facts_{event.lower()}"
            create.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION registration_students_changed('{column}');")
            drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
    return "\n".join(create), "\n".join(drop)


def _shared_triggers() -> tuple[str, str]:
    create, drop = [], []
    for table, columns in SHARED_TRIGGERS:
        update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
        create.append(f"CREATE TRIGGER registration_shared_facts AFTER INSERT OR {update} OR DELETE "
                      f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION registration_shared_changed();")
        drop.append(f"DROP TRIGGER IF EXISTS registration_shared_facts ON {table};")
    return "\n".join(create), "\n".join(drop)


class Migration(migrations.Migration):

    dependencies = [
        ('academics', '0003_student_diploma_number_result_recognized_letter'),
        ('accounts', '0002_user_full_name_sort'),
        ('audit', '0003_refuse_truncate'),
        ('registration', '0005_credit_price'),
    ]

    operations = [
        migrations.CreateModel(
            name='FactsGeneration',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('generation', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'registration facts generation',
                'verbose_name_plural': 'registration facts generation',
            },
        ),
        migrations.CreateModel(
            name='FactsVersion',
            fields=[
                ('student_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('version', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'registration facts version',
                'verbose_name_plural': 'registration facts versions',
            },
        ),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunSQL(_student_triggers()[0], _student_triggers()[1]),
        migrations.RunSQL(_shared_triggers()[0], _shared_triggers()[1]),
        migrations.RunSQL("INSERT INTO registration_factsgeneration (id, generation) VALUES (1, 0)", ""),
    ]
