# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Without the requests library every module fails with Ansible's missing_required_lib message."""
from __future__ import annotations

import json
import subprocess
import sys

MODULES = ["cec_agent_account", "cec_agent_account_info", "cec_skill_info", "brightpattern_user",
           "brightpattern_user_info"]


def test_modules_report_the_missing_library(run_playbook, tmp_path):
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    steps = [{"module": m, "args": {"user_account": "abcdef1"} if m == "cec_agent_account" else
              {"login_id": "a"} if m == "brightpattern_user" else {}, "fail": True} for m in MODULES]
    result_file = tmp_path / "steps.json"
    run = run_playbook("module_steps", {"steps": steps, "result_file": str(result_file),
                                        "module_python": str(bare / "bin" / "python")})
    assert run.rc == 0, run.describe()
    for module, saved in zip(MODULES, json.loads(result_file.read_text())):
        result = saved["result"]
        assert result["failed"] is True, module
        assert "Failed to import the required Python library (requests)" in result["msg"], (module, result["msg"])
        assert "Traceback" not in json.dumps(result), module
