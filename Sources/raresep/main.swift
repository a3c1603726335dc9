print("raresep")
