# Seed 004 "multiprocessing.Manager()" with its two writers in Java: the seed as written (plus the import its snippet
# leaves out), except Process -> JavaProcess (target: org.mpbridge.cli.seeds.ManagerDictAddData, doing
# add_data(p_dict, key, value)). No start-method change: a manager proxy reaches a spawned child under any method.
from multiprocessing import Manager
from mpbridge import JavaProcess

if __name__ =="__main__":
    process_dict = Manager().dict()
    first_process = JavaProcess(target='org.mpbridge.cli.seeds.ManagerDictAddData',args=(process_dict,"Darr_en1",22))
    second_process = JavaProcess(target='org.mpbridge.cli.seeds.ManagerDictAddData',args=(process_dict,"Darr_en2",44))
    first_process.start()
    second_process.start()
    first_process.join()
    second_process.join()

    print(process_dict)
