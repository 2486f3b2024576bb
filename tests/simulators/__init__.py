# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Strict local simulators of the Huawei CEC and Bright Pattern APIs (see README in this folder)."""
