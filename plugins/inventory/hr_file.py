# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: hr_file
short_description: Agents from an HR export (CSV, JSON or YAML list of people) as onboarding hosts
version_added: 0.1.0
author:
  - contactcenter.agents developers (@contactcenter)
description:
  - Reads a file of people, one row per person, into inventory hosts for the
    P(contactcenter.agents.onboarding#role) role. Each host is named after the row's C(account) and gets the
    variable C(onboarding_person), the person record built from the row's cells. Hosts are members of O(group) and
    of one group per value of the O(group_by) column (a team), so C(group_vars/<team>.yml) next to this file can
    hold the team's C(onboarding_defaults).
  - >-
    The inventory source is a YAML file whose name ends in C(hr_file.yml) or C(hr_file.yaml), with
    C(plugin: contactcenter.agents.hr_file) and O(path).
  - >-
    B(Columns.) A column header is a field of the person record, as a dotted path. Identity: C(account),
    C(first_name), C(last_name), C(email), C(phone), C(state). CEC: C(cec.user_name), C(cec.email), C(cec.phone),
    C(cec.agent_type), C(cec.role), C(cec.skills), C(cec.state). Bright Pattern: C(brightpattern.login_id),
    C(brightpattern.team), C(brightpattern.extension), C(brightpattern.email), C(brightpattern.work_phone),
    C(brightpattern.mobile_phone), C(brightpattern.skills), C(brightpattern.roles), C(brightpattern.disabled),
    C(brightpattern.change_password), C(brightpattern.state). Your own headers are mapped onto these with
    O(columns).
  - >-
    B(Cells.) Every cell stays the text it is (C(0101) stays C("0101"), C(+14155550101) keeps its C(+)); an empty
    cell is not given (a default applies); a cell of just C(-) is null (it removes a default). C(cec.skills) is
    C(Billing:2; Retention:1/3) (skill queue, agent weight, optional C(/) skill weight; C(#12:1) is queue id 12),
    C(brightpattern.skills) is C(English:100; Spanish:70), C(brightpattern.roles) is C(Agent; Supervisor). One
    column per skill works too, C(cec.skills.<queue>) (weight) and C(brightpattern.skills.<skill>) (level).
    C(disabled) and C(change_password) are C(true)/C(false) (or yes/no). The columns C(cec) and C(brightpattern)
    say C(yes) (in that system) or C(no) (not in it, whatever the team defaults say); without them, a person is in
    a system when a cell of its section is filled or a default gives the section.
  - >-
    B(Values are unsafe.) Every value that could be a template (any text with a brace) is marked unsafe, so a name
    such as C({{ ansible_env.HOME }}) is kept as written and never templated (the onboarding role then refuses
    it before any request: HR data must be plain text). Text without braces cannot be templated and stays plain,
    so C(ansible-inventory) and AWX show it as it is.
  - >-
    B(Bad rows.) Every cell is checked on its own (formats, choices, numbers; the role checks what needs the
    defaults or the APIs). If any row is bad, the source fails to parse with one message that lists every bad
    cell as C(<file> line <n>, column <n>: <problem>), and no host of the file is added, so the role cannot write
    for anyone. Ansible then warns and goes on without the source; set
    C(ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true) (or C(any_unparsed_is_failed = true) in the C([inventory])
    section of C(ansible.cfg)) to make it an error, as AWX does for inventory updates.
  - Passwords are never read from the file, a C(password) column is refused.
  - >-
    Every host also gets C(onboarding_source), the file's path (C(file)) and how many people it holds (C(people)).
    The role's leavers check uses it to tell the whole source from part of it (C(--limit), an AWX job slice).
options:
  plugin:
    description: The name of this plugin, so Ansible knows which plugin reads the source.
    required: true
    type: str
    choices: [contactcenter.agents.hr_file]
  path:
    description:
      - The file of people. A relative path is relative to the directory of this inventory source; C(~) is the
        home directory.
    required: true
    type: str
  format:
    description:
      - >-
        V(csv), or V(json) or V(yaml) for a list of mappings (column -> value; nested mappings such as
        C(cec: {skills: {Billing: 2}}) give the dotted columns). JSON and YAML scalars stay as written too (YAML
        C(0101) is the text C("0101")); C(null) is null, like C(-).
      - V(auto) picks by the file name's extension (C(.csv), C(.json), C(.yml)/C(.yaml)).
    type: str
    choices: [auto, csv, json, yaml]
    default: auto
  delimiter:
    description: The CSV cell separator (one character).
    type: str
    default: ","
  encoding:
    description: The file's text encoding. The default reads UTF-8 with or without a byte-order mark.
    type: str
    default: utf-8-sig
  columns:
    description:
      - >-
        Your headers mapped onto record fields, for example V({Employee ID: account, Given name: first_name,
        Billing skill: cec.skills.Billing}). Map a header to V("") or null to ignore that column.
      - Headers that are neither record fields, nor mapped, nor O(group_by) make the source fail (a typo must not
        drop a field silently), unless O(unknown_columns=ignore).
    type: dict
    default: {}
  unknown_columns:
    description: What a column that is not a record field does, V(error) (the source fails) or V(ignore).
    type: str
    choices: [error, ignore]
    default: error
  group_by:
    description:
      - The column whose value puts the host into a group (a team). The group name is the value in lower case with
        anything but C(a-z), C(0-9) and C(_) turned into C(_) (C(Customer Service) -> C(customer_service)). The
        column may also be a record field (for example V(brightpattern.team)). Empty, no team groups.
    type: str
    default: team
  group:
    description: The group every host of the file is in, with the team groups as its children.
    type: str
    default: agents
notes:
  - Values are read once per inventory load; there is no cache.
seealso:
  - module: contactcenter.agents.cec_agent_account
  - module: contactcenter.agents.brightpattern_user
"""

EXAMPLES = r"""
# inventory/agents.hr_file.yml (with inventory/group_vars/billing.yml holding the Billing team's defaults)
plugin: contactcenter.agents.hr_file
path: people.csv

# An HR system's own headers
plugin: contactcenter.agents.hr_file
path: /srv/hr/export.csv
delimiter: ";"
group_by: Department
columns:
  Login: account
  Given name: first_name
  Family name: last_name
  Mail: email
  Mobile: brightpattern.mobile_phone
  Billing: cec.skills.Billing
  Manager: ""
"""

import os

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.inventory import BaseInventoryPlugin
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.contactcenter.agents.plugins.plugin_utils._hr_records import group_name, read_people

FORMATS = {".csv": "csv", ".json": "json", ".yml": "yaml", ".yaml": "yaml"}


class InventoryModule(BaseInventoryPlugin):
    NAME = "contactcenter.agents.hr_file"

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(("hr_file.yml", "hr_file.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        people_path = os.path.join(os.path.dirname(os.path.abspath(path)), os.path.expanduser(self.get_option("path")))
        kind = self.get_option("format")
        if kind == "auto":
            kind = FORMATS.get(os.path.splitext(people_path)[1].lower())
            if kind is None:
                raise AnsibleParserError("%s: cannot tell the format of %s from its extension; set format" % (
                    path, people_path))
        if len(self.get_option("delimiter")) != 1:
            raise AnsibleParserError("%s: delimiter must be one character" % path)
        try:
            with open(people_path, "rb") as handle:
                text = handle.read().decode(self.get_option("encoding"))
        except (OSError, UnicodeError, LookupError) as exc:
            raise AnsibleParserError("%s: cannot read %s: %s" % (path, people_path, to_text(exc))) from None
        columns = {str(k): (None if v is None else str(v)) for k, v in (self.get_option("columns") or {}).items()}
        people, problems = read_people(text, people_path, kind, columns, self.get_option("group_by") or None,
                                       self.get_option("delimiter"), self.get_option("unknown_columns") == "ignore")
        if problems:  # nothing is added: a bad row must hold back the whole file
            raise AnsibleParserError("%d problem(s) in %s; no host was added:\n  %s" % (
                len(problems), people_path, "\n  ".join(problems)))
        self._add(people, people_path)

    def _add(self, people, people_path):
        # How many people the whole file holds: the onboarding role removes leavers only when the run sees all
        # of them (an AWX job slice is an inventory of its own slice, which nothing else reveals).
        source = {"file": people_path, "people": len(people)}
        parent = self.inventory.add_group(self.get_option("group"))
        for record, team in people:
            group = parent
            if team:
                group = self.inventory.add_group(group_name(team))
                self.inventory.add_child(parent, group)
            host = self.inventory.add_host(record["account"], group=group)
            self.inventory.set_variable(host, "onboarding_person", unsafe(record))
            self.inventory.set_variable(host, "onboarding_source", unsafe(source))


def unsafe(value):
    """``value`` with every string that holds a brace marked unsafe (wrap_var), recursively.

    A string without ``{`` or ``}`` cannot be a template, so it stays plain: ansible-inventory writes a marked
    string as a ``__ansible_unsafe`` mapping, which AWX then keeps in the host's variables (community.general#8212).
    """
    if isinstance(value, dict):
        return {unsafe(k): unsafe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unsafe(v) for v in value]
    if isinstance(value, str) and ("{" in value or "}" in value):
        return wrap_var(value)
    return value
