# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Connection options of every Bright Pattern module.
    DOCUMENTATION = r"""
options:
  brightpattern_url:
    description:
      - The tenant's base URL, for example V(https://example.brightpattern.com). The module adds C(/configapi/v2).
      - If not set, the value of the E(BRIGHTPATTERN_URL) environment variable is used.
    type: str
    required: true
  brightpattern_client_id:
    description:
      - Login ID of the API user (the OAuth C(client_id)). The user needs the privileges to manage users
        (and C(Manage all teams) to move users between teams or to use SCIM).
      - If not set, the value of the E(BRIGHTPATTERN_CLIENT_ID) environment variable is used.
    type: str
  brightpattern_client_secret:
    description:
      - The API secret generated for that user in Contact Center Administrator (the OAuth C(client_secret)).
      - If not set, the value of the E(BRIGHTPATTERN_CLIENT_SECRET) environment variable is used.
    type: str
  brightpattern_tenant:
    description:
      - The tenant sent as the token request's C(scope), for example V(example.brightpattern.com).
      - Defaults to the host name of O(brightpattern_url).
      - If not set, the value of the E(BRIGHTPATTERN_TENANT) environment variable is used.
    type: str
  brightpattern_auth:
    description:
      - V(oauth) uses the OAuth 2.0 client-credentials grant of the 5.x API (C(POST /configapi/v2/oauth/token))
        and a bearer token.
      - V(digest) is not supported and fails before any call, saying why. HTTP digest is documented only for the
        3.x User Management API, whose methods are under C(/admin/ws/t/<tenant>/...), not for the 5.x
        Configuration API (C(/configapi/v2)) this collection uses; sending digest to the 5.x paths was a pairing
        no vendor page documents.
      - If not set, the value of the E(BRIGHTPATTERN_AUTH) environment variable is used.
    type: str
    choices: [oauth, digest]
    default: oauth
notes:
  - A C(404) or C(405) from the token endpoint fails naming the URL (O(brightpattern_url) is the tenant's base URL,
    without C(/configapi/v2)).
  - The token is requested once per task, shared by all workers, renewed before it expires and fetched again
    once if the server answers 401. Refused credentials are reported after one attempt, never retried.
"""
