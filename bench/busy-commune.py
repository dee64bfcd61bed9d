#!/usr/bin/env python3
"""Writes a busy commune's schedule: 10 programmes, each on 3 slots a day (30 airings a day)."""
import sys
out = ['[settings]\nname = "Xã bận rộn"\nquiet_hours = "off"\n']
for p in range(10):
    out.append(f'[[program]]\nid = "ct{p}"\ntitle = "Chương trình {p}"\n'
               f'  [[program.item]]\n  type = "chime"\n'
               f'  [[program.item]]\n  type = "speech"\n  text = "Bản tin số {p} của xã. Xin chào bà con."\n')
for p in range(10):
    times = ", ".join(f'"{(6 + p + 10 * k) % 24:02d}:{(p * 6) % 60:02d}"' for k in range(3))
    days = '"daily"'
    out.append(f'[[slot]]\nprogram = "ct{p}"\nat = [{times}]\ndays = {days}\nlength = "5m"\n')
open(sys.argv[1], "w").write("\n".join(out))
