# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Connection options of every CEC module.
    DOCUMENTATION = r"""
options:
  cec_url:
    description:
      - Base URL of the CEC tenant's API Fabric, for example V(https://service.besclouds.com).
      - The module adds the documented paths (C(/apiaccess/rest/cc-management/v1/...)).
      - If not set, the value of the E(CEC_URL) environment variable is used.
    type: str
    required: true
  cec_app_key:
    description:
      - App key of the API Fabric app (the C(app_key) of C(tokenByAkSk)); also sent as the C(x-app-key) header.
      - If not set, the value of the E(CEC_APP_KEY) environment variable is used.
    type: str
  cec_app_secret:
    description:
      - App secret of the API Fabric app (the C(app_secret) of C(tokenByAkSk)).
      - If not set, the value of the E(CEC_APP_SECRET) environment variable is used.
    type: str
  cec_token_url:
    description:
      - Full URL of the C(tokenByAkSk) endpoint, for deployments that serve it elsewhere
        (some AICC deployments use port 28070 for it).
      - Defaults to O(cec_url) followed by C(/apigovernance/api/oauth/tokenByAkSk).
      - If not set, the value of the E(CEC_TOKEN_URL) environment variable is used.
    type: str
  cec_access_token:
    description:
      - An access token obtained beforehand. It is used until the server refuses it; then a new one
        is requested with O(cec_app_key) and O(cec_app_secret) if they are given.
      - If not set, the value of the E(CEC_ACCESS_TOKEN) environment variable is used.
    type: str
notes:
  - A token is requested once per task with C(X-Token-Expire) 3600 (the documented maximum), shared by all
    workers, renewed before it expires and fetched again once if the server answers 401.
"""
