"""The caseworker portal: a small server-rendered Starlette app on top of `storage`."""
