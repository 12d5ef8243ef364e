"""The demo university: a deterministic document loaded through the real loader, then a little
activity through the services. It sits above every app (like ``urls.py``) and may import any of
them; the academic core never imports it."""
