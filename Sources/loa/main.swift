print("loa")
