-- A case nobody assigned yet belongs to its district's department (commands.CaseDepartment):
-- the department queues and the team view select by that answerable department.
CREATE INDEX work_queue_answerable ON work_queue ((coalesce(nullif(department, ''), 'district-' || district)), due_at) WHERE open;
